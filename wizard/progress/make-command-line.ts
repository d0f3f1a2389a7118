/**
 * Reads one line of a build's output (or of `make -n`) and tells which compile or link unit it stands for, if any.
 * A unit is named by a key: its output file with `.libs/` and the `.o`/`.lo`/`.obj` extension taken off, so the
 * forms one unit takes (automake's silent `  CXX  src/foo.lo`, the full `libtool ... -c -o src/foo.lo`, libtool's own
 * `libtool: compile:  g++ ... -o src/.libs/foo.o`) all give the same key and are counted once.
 */

/** Automake silent-rule tags that stand for compiling or linking (not GEN, AR, YACC, ...). */
const UNIT_TAGS = new Set(['CC', 'CXX', 'OBJC', 'OBJCXX', 'F77', 'FC', 'CCAS', 'CPPAS', 'CCLD', 'CXXLD', 'OBJCLD', 'OBJCXXLD', 'F77LD', 'FCLD']);

/** gcc, g++, cc, c++, clang, clang++, with a cross prefix (`x86_64-linux-gnu-`) or a version suffix (`-12`). */
const COMPILER = /^(?:[\w.]+-)*(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+|icc|icpc|gfortran|f77|f95|mpicc|mpicxx)(?:-\d+(?:\.\d+)*)?$/;

/** Programs that run the compiler on the same command line. */
const WRAPPERS = new Set(['ccache', 'distcc', 'sccache', 'icecc', 'env', 'time', 'nice', 'sh', 'bash', 'dash', 'depcomp', 'libtool']);

const ASSIGNMENT = /^[A-Za-z_]\w*=/;
const SOURCE = /\.(?:c|cc|cpp|cxx|c\+\+|C|m|mm|s|S|sx|f|f77|f90|f95|for|F)$/;
const OBJECT_EXTENSION = /\.(?:lo|o|obj)$/;

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** A unit's key from the file a build step writes: `./src/.libs/foo.o` and `src/foo.lo` are both `src/foo`. */
export function unitKey(target: string): string {
  const parts = target.split('/').filter((part) => part !== '' && part !== '.' && part !== '.libs' && part !== '_libs');
  const last = parts.pop() ?? '';
  return [...parts, last.replace(OBJECT_EXTENSION, '')].join('/');
}

/**
 * Splits a command line into simple commands (at `;`, `&&`, `||`, `|`, `&`, parentheses), each a list of words
 * with quotes and backslashes removed. Not a shell: enough to read the command lines make prints.
 */
export function splitCommands(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  const endWord = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length > 0) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line.charAt(i);
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) word = (word ?? '') + line.charAt(++i);
      else word = (word ?? '') + ch;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      word ??= '';
    } else if (ch === '\\') {
      if (i + 1 < line.length && line.charAt(i + 1) !== '\n') word = (word ?? '') + line.charAt(i + 1);
      i++;
    } else if (/\s/.test(ch)) {
      endWord();
    } else if (ch === '&' && (word?.endsWith('>') === true || word?.endsWith('<') === true)) {
      word += ch; // 2>&1 is a redirection, not a separator
    } else if (ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')') {
      endCommand();
    } else {
      word = (word ?? '') + ch;
    }
  }
  endCommand();
  return commands;
}

/** The unit an automake silent line names: `CC src/x.lo` as printed, or `echo "  CC  " src/x.lo` as `make -n` shows it. */
function silentRuleUnit(words: readonly string[]): string | undefined {
  const text = (words[0] === 'echo' ? words.slice(1) : words).join(' ').trim().split(/\s+/);
  const [tag, target] = text;
  return text.length === 2 && tag !== undefined && target !== undefined && UNIT_TAGS.has(tag) ? unitKey(target) : undefined;
}

/** The unit a compiler invocation makes: `-c` with `-o` or from its source, or a link with `-o`. */
function compilerUnit(words: readonly string[]): string | undefined {
  let i = 0;
  if (words[0] === 'libtool:') {
    if (words[1] !== 'compile:') return undefined; // libtool's link lines repeat the `--mode=link -o x.la` line make printed
    i = 2;
  }
  for (; i < words.length; i++) {
    const word = words[i] ?? '';
    const name = basename(word);
    if (COMPILER.test(name)) break;
    if (!(ASSIGNMENT.test(word) || WRAPPERS.has(name) || word.startsWith('-'))) return undefined;
  }
  const args = words.slice(i + 1);
  if (i >= words.length || args.includes('-E')) return undefined;
  let output: string | undefined;
  args.forEach((arg, at) => {
    if (arg === '-o') output = args[at + 1];
    else if (arg.startsWith('-o') && arg.length > 2) output = arg.slice(2);
  });
  if (output !== undefined) return unitKey(output);
  if (!args.includes('-c')) return undefined;
  const source = args.findLast((arg) => SOURCE.test(arg));
  // Without -o the compiler writes basename(source).o in the current directory.
  return source === undefined ? undefined : unitKey(basename(source).replace(SOURCE, '.o'));
}

/**
 * The keys of the units a line (continuation lines already joined) stands for; usually none or one. Unknown lines
 * (compiler warnings, `make[1]: Entering directory`, GEN lines) give none.
 */
export function unitsOfLine(line: string): string[] {
  const keys: string[] = [];
  for (const words of splitCommands(line)) {
    const key = silentRuleUnit(words) ?? compilerUnit(words);
    if (key !== undefined && key !== '' && !keys.includes(key)) keys.push(key);
  }
  return keys;
}
