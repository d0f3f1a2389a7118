import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One apt sources file: its name (for the format) and text. */
export interface SourcesFile {
  readonly name: string;
  readonly text: string;
}

function deb822Mirror(text: string, suite: string): string | undefined {
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      if (/^\s/.test(line) && last !== undefined) {
        fields.set(last, `${fields.get(last) ?? ''} ${line.trim()}`);
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      last = line.slice(0, colon).trim().toLowerCase();
      fields.set(last, line.slice(colon + 1).trim());
    }
    const words = (key: string) => (fields.get(key) ?? '').split(/\s+/).filter((w) => w !== '');
    if (fields.get('enabled')?.toLowerCase() === 'no') continue;
    if (!words('types').includes('deb') || !words('suites').includes(suite)) continue;
    const uri = words('uris')[0];
    if (uri !== undefined) return uri;
  }
  return undefined;
}

function oneLineMirror(text: string, suite: string): string | undefined {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').replace(/\[[^\]]*\]/, ' ').trim();
    const [type, uri, lineSuite] = line.split(/\s+/);
    if (type === 'deb' && uri !== undefined && lineSuite === suite) return uri;
  }
  return undefined;
}

/**
 * The Debian mirror apt on this machine uses for `suite` (e.g. bookworm), from its sources files in order: deb822
 * `.sources` files and one-line `.list` files. The machine may reach Debian only through that mirror.
 */
export function debianMirrorFrom(files: readonly SourcesFile[], suite: string): string | undefined {
  for (const file of files) {
    const found = file.name.endsWith('.sources') ? deb822Mirror(file.text, suite) : oneLineMirror(file.text, suite);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Reads /etc/apt/sources.list.d/*.sources, *.list and /etc/apt/sources.list, and finds the mirror for `suite`. */
export async function hostDebianMirror(suite: string, aptDir = '/etc/apt'): Promise<string> {
  const files: SourcesFile[] = [];
  const partsDir = join(aptDir, 'sources.list.d');
  const parts = await readdir(partsDir).catch(() => [] as string[]);
  for (const name of parts.sort()) {
    if (!name.endsWith('.sources') && !name.endsWith('.list')) continue;
    files.push({ name, text: await readFile(join(partsDir, name), 'utf8').catch(() => '') });
  }
  files.push({ name: 'sources.list', text: await readFile(join(aptDir, 'sources.list'), 'utf8').catch(() => '') });
  const mirror = debianMirrorFrom(files, suite);
  if (mirror === undefined) {
    throw new Error(`no apt source for Debian ${suite} in ${aptDir}/sources.list(.d); the test bed builds its nodes from the mirror apt uses`);
  }
  return mirror;
}
