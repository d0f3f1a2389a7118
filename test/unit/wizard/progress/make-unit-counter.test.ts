import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { splitCommands, unitKey, unitsOfLine } from '../../../../wizard/progress/make-command-line.js';
import { countMakeUnits, MakeUnitCounter, type MakeProgress } from '../../../../wizard/progress/make-unit-counter.js';

function feedAll(counter: MakeUnitCounter, text: string): MakeProgress[] {
  return [...text.split('\n').map((line) => counter.feed(line)), counter.end()];
}

describe('unitsOfLine', () => {
  test.each([
    ['  CC       src/common/attributes.lo', 'src/common/attributes'],
    ['  CXX    master/libmesos_no_3rdparty_la-master.lo', 'master/libmesos_no_3rdparty_la-master'],
    ['  CXXLD  libmesos.la', 'libmesos.la'],
    ['  CCLD     mesos-master', 'mesos-master'],
    ['echo "  CC      " src/x.lo;gcc -fPIC -c -o src/x.lo src/x.c', 'src/x'],
    ['gcc -DHAVE_CONFIG_H -I. -g -O2 -c -o zookeeper.o zookeeper.c', 'zookeeper'],
    ['g++ -c -DNDEBUG -I../include foo/bar.cpp', 'bar'],
    ['x86_64-linux-gnu-g++-12 -O2 -c src/a.cc -o obj/a.o', 'obj/a'],
    ['ccache clang++ -c -o b.o b.cpp', 'b'],
    ['libtool: compile:  g++ -DPACKAGE_NAME=\\"mesos\\" -I. -g -O2 -MT log.lo -MD -MP -MF .deps/log.Tpo -c log.cpp  -fPIC -DPIC -o .libs/log.o', 'log'],
    ['libtool: compile:  g++ -I. -g -O2 -c log.cpp -o log.o >/dev/null 2>&1', 'log'],
    [
      "/bin/bash ../libtool  --tag=CXX   --mode=compile g++ -DPACKAGE_NAME=\\\"mesos\\\" -I. -MT log.lo -MD -MP -MF .deps/log.Tpo -c -o log.lo `test -f 'log.cpp' || echo './'`log.cpp",
      'log',
    ],
    ["source='zk.c' object='zk.lo' libtool=yes DEPDIR=.deps depmode=gcc3 /bin/bash ../depcomp /bin/bash ./libtool --tag=CC --mode=compile gcc -c -o zk.lo zk.c", 'zk'],
    ['/bin/bash ../libtool --tag=CXX --mode=link g++ -g -O2 -o libmesos.la -rpath /usr/local/lib a.lo b.lo -lpthread', 'libmesos.la'],
    ['gcc -g -O2 -shared -Wl,-soname,libmesos-0.9.0.so -o libmesos-0.9.0.so src/a.lo src/b.lo', 'libmesos-0.9.0.so'],
  ])('%s is unit %s', (line, key) => {
    expect(unitsOfLine(line)).toEqual([key]);
  });

  test.each([
    ['libtool: link: g++ -shared -fPIC .libs/a.o -o .libs/libmesos-0.9.0.so'],
    ['libtool: link: ( cd ".libs" && rm -f "libmesos.la" && ln -s "../libmesos.la" "libmesos.la" )'],
    ['  GEN      build/sbin/mesos-daemon.sh'],
    ['make[2]: Entering directory \'/build/mesos-0.9.0/src\''],
    ['master/master.cpp:12:3: warning: unused variable ‘x’ [-Wunused-variable]'],
    ['mkdir -p src/common'],
    ['gcc -E -dM - < /dev/null'],
    ['gcc --version'],
    ['/usr/bin/install -c -m 644 libmesos.la /usr/local/lib'],
    ['  CC'],
    [''],
  ])('%s is no unit', (line) => {
    expect(unitsOfLine(line)).toEqual([]);
  });

  test('unitKey makes the forms of one object the same key', () => {
    expect(unitKey('src/foo.lo')).toBe('src/foo');
    expect(unitKey('./src/.libs/foo.o')).toBe('src/foo');
    expect(unitKey('src/foo.o')).toBe('src/foo');
    expect(unitKey('libmesos.la')).toBe('libmesos.la');
  });

  test('splitCommands keeps quoted separators and redirections in their words', () => {
    expect(splitCommands(`echo 'a;b' "c && d"; gcc -c x.c >/dev/null 2>&1 && mv -f a b`)).toEqual([
      ['echo', 'a;b', 'c && d'],
      ['gcc', '-c', 'x.c', '>/dev/null', '2>&1'],
      ['mv', '-f', 'a', 'b'],
    ]);
  });
});

describe('MakeUnitCounter', () => {
  test('counts silent lines once each and ignores everything else', () => {
    const counter = new MakeUnitCounter(3);
    const seen = feedAll(counter, ['  CC  a.lo', 'a.c:1:1: warning: x', '  GEN  x.sh', '  CC  a.lo', '  CC  b.lo', '  CCLD  liba.la'].join('\n'));
    expect(seen.map((p) => p.done)).toEqual([1, 1, 1, 1, 2, 3, 3]);
    expect(counter.progress).toEqual({ done: 3, total: 3 });
  });

  test("joins continued command lines, as make V=1 prints a recipe's backslash-newlines", () => {
    const counter = new MakeUnitCounter(1);
    expect(counter.feed('gcc -DX=1 \\')).toEqual({ done: 0, total: 1 });
    expect(counter.feed('\t-I/src -g -fPIC -c -o src/x.lo /src/x.c')).toEqual({ done: 1, total: 1 });
  });

  test('a libtool compile is one unit in all three lines it prints with V=1', () => {
    const counter = new MakeUnitCounter(1);
    feedAll(
      counter,
      [
        '/bin/bash ../libtool  --tag=CXX   --mode=compile g++ -I. -g -c -o sched/sched.lo sched/sched.cpp',
        'libtool: compile:  g++ -I. -g -c sched/sched.cpp  -fPIC -DPIC -o sched/.libs/sched.o',
        'libtool: compile:  g++ -I. -g -c sched/sched.cpp -o sched/sched.o >/dev/null 2>&1',
      ].join('\n'),
    );
    expect(counter.progress).toEqual({ done: 1, total: 1 });
  });

  test('the total grows when the build turns out larger; done never exceeds it', () => {
    const counter = new MakeUnitCounter(1);
    expect(counter.feed('  CC a.lo')).toEqual({ done: 1, total: 1 });
    expect(counter.feed('  CC b.lo')).toEqual({ done: 2, total: 2 });
    expect(new MakeUnitCounter(-5).progress).toEqual({ done: 0, total: 0 });
    expect(new MakeUnitCounter(Number.NaN).feed('  CC a.lo')).toEqual({ done: 1, total: 1 });
  });

  test('a line cut at the end by a trailing backslash is read by end()', () => {
    expect(countMakeUnits('gcc -c \\\n-o a.o a.c \\')).toBe(1);
  });
});

// A synthetic automake project: units, each built with silent rules or full lines, with or without libtool.
type Style = 'silent' | 'verbose';
interface Unit {
  readonly dir: string;
  readonly name: string;
  readonly kind: 'compile' | 'libtool-compile' | 'link' | 'libtool-link';
}

const unitArb: fc.Arbitrary<Unit> = fc.record({
  dir: fc.constantFrom('', 'src/', 'master/', 'third_party/zookeeper/src/', 'slave/'),
  name: fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/),
  kind: fc.constantFrom('compile', 'libtool-compile', 'link', 'libtool-link'),
});

function target(unit: Unit): string {
  const ext = { compile: '.o', 'libtool-compile': '.lo', link: '', 'libtool-link': '.la' }[unit.kind];
  return `${unit.dir}${unit.name}${ext}`;
}

function tag(unit: Unit): string {
  return unit.kind.endsWith('link') ? 'CXXLD' : 'CXX';
}

/** What make prints for a unit while building, line by line. */
function liveLines(unit: Unit, style: Style): string[] {
  const out = target(unit);
  const src = `${unit.dir}${unit.name}.cpp`;
  if (style === 'silent') return [`  ${tag(unit)}${' '.repeat(8 - tag(unit).length)}${out}`];
  switch (unit.kind) {
    case 'compile':
      return [`g++ -DHAVE_CONFIG_H -I. -I../include \\`, `\t-g -O2 -MT ${out} -MD -MP -c -o ${out} ${src}`];
    case 'libtool-compile':
      return [
        `/bin/bash ../libtool  --tag=CXX   --mode=compile g++ -DHAVE_CONFIG_H -I. -c -o ${out} ${src}`,
        `libtool: compile:  g++ -DHAVE_CONFIG_H -I. -c ${src}  -fPIC -DPIC -o ${unit.dir}.libs/${unit.name}.o`,
        `libtool: compile:  g++ -DHAVE_CONFIG_H -I. -c ${src} -o ${unit.dir}${unit.name}.o >/dev/null 2>&1`,
      ];
    case 'link':
      return [`g++ -g -O2 -o ${out} ${unit.dir}main.o -lpthread`];
    case 'libtool-link':
      return [
        `/bin/bash ../libtool --tag=CXX --mode=link g++ -g -O2 -o ${out} -rpath /usr/local/lib a.lo`,
        `libtool: link: g++ -shared -fPIC .libs/a.o -o ${unit.dir}.libs/lib${unit.name}.so.0.0.0`,
        `libtool: link: ar cru ${unit.dir}.libs/lib${unit.name}.a .libs/a.o`,
      ];
  }
}

/** What `make -n` prints for a unit: the recipe, with the silent rule's echo in front when silent. */
function dryRunLines(unit: Unit, style: Style): string[] {
  const out = target(unit);
  const src = `${unit.dir}${unit.name}.cpp`;
  const echo = style === 'silent' ? `echo "  ${tag(unit)}    " ${out};` : '';
  const lt = unit.kind.startsWith('libtool') ? '/bin/bash ../libtool --silent --tag=CXX --mode=' : '';
  const command = unit.kind.endsWith('link')
    ? `${lt}${lt === '' ? '' : 'link '}g++ -g -O2 -o ${out} a.lo`
    : `${lt}${lt === '' ? '' : 'compile '}g++ -DHAVE_CONFIG_H -I. -MT ${out} -MD -MP -MF .deps/${unit.name}.Tpo \\\n\t-c -o ${out} ${src}`;
  const mv = unit.kind.endsWith('compile') ? [`mv -f .deps/${unit.name}.Tpo .deps/${unit.name}.Plo`] : [];
  return [`${echo}${command}`, ...mv];
}

const NOISE = [
  "make[1]: Entering directory '/build/mesos-0.9.0/src'",
  'In file included from master/master.cpp:3:',
  'master/master.hpp:10:5: warning: ‘auto_ptr’ is deprecated [-Wdeprecated-declarations]',
  '   10 |     std::auto_ptr<Foo> foo;',
  '  GEN      mesos-daemon.sh',
  'mkdir -p .libs',
];

describe('countMakeUnits and the live counter agree', () => {
  test('on automake/libtool builds: dry run = units = live count, whatever the order (-j) and the noise', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(unitArb, { selector: (u) => target(u).replace(/\.(lo|o)$/, ''), maxLength: 40 }),
        fc.constantFrom<Style>('silent', 'verbose'),
        fc.infiniteStream(fc.nat()),
        (units, style, randoms) => {
          const dryRun = ['make  all-recursive', ...NOISE.slice(0, 1), ...units.flatMap((u) => dryRunLines(u, style))].join('\n');
          const total = countMakeUnits(dryRun);
          expect(total).toBe(units.length);
          // -j: whole units in any order, warnings in between.
          const order = units.map((u, i) => ({ u, r: randoms.next().value ?? i })).sort((a, b) => a.r - b.r);
          const lines = order.flatMap(({ u, r }) => [...liveLines(u, style), NOISE[r % NOISE.length] ?? '']);
          const counter = new MakeUnitCounter(total);
          let previous = 0;
          for (const line of lines) {
            const { done, total: now } = counter.feed(line);
            expect(done).toBeGreaterThanOrEqual(previous);
            expect(done).toBeLessThanOrEqual(now);
            expect(now).toBe(total);
            previous = done;
          }
          expect(counter.end()).toEqual({ done: units.length, total: units.length });
        },
      ),
    );
  });

  test('any lines at all: done never exceeds total, never goes back, and reading them twice counts nothing new', () => {
    fc.assert(
      fc.property(fc.nat({ max: 50 }), fc.array(fc.oneof(fc.string(), fc.constantFrom(...NOISE, '  CC a.lo', '  CXX b.lo', 'gcc -c x.c \\'))), (total, lines) => {
        const counter = new MakeUnitCounter(total);
        let previous = counter.progress;
        for (const line of [...lines, ...lines]) {
          const next = counter.feed(line);
          expect(next.done).toBeLessThanOrEqual(next.total);
          expect(next.done).toBeGreaterThanOrEqual(previous.done);
          expect(next.total).toBeGreaterThanOrEqual(previous.total);
          previous = next;
        }
        const once = countMakeUnits(lines.join('\n'));
        expect(countMakeUnits([...lines, '', ...lines].join('\n'))).toBe(once);
      }),
    );
  });
});
