import { hostname as osHostname, networkInterfaces as osNetworkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { nodeInstallationFs } from '../../../src/model/installation-fs.js';
import { compareVersions } from '../../../src/mesos/versions.js';
import {
  detectJdks,
  detectScalas,
  detectSparks,
  type DetectedJdks,
  type DetectedScalas,
  type DetectedSparks,
  type InstallationDetectOptions,
} from './detect-installations.js';

/** What the wizard found on this machine, for defaults and for the plan. */
export interface DetectedEnvironment {
  readonly jdks: DetectedJdks;
  readonly scalas: DetectedScalas;
  readonly sparks: DetectedSparks;
  /** os.hostname(). */
  readonly hostname: string;
  /** This machine's IPv4 addresses other than loopback and link-local ones, in interface order. */
  readonly addresses: readonly string[];
  /** `mesos-*.tar.gz` (or `.tgz`) files in the current directory, absolute, newest version first. */
  readonly mesosTarballs: readonly string[];
}

/** What detection reads; every part injected, the real machine by default. */
export interface DetectOptions extends InstallationDetectOptions {
  /** Where local Mesos tarballs are looked for; defaults to process.cwd(). */
  readonly cwd?: string;
  readonly hostname?: () => string;
  readonly networkInterfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/** Looks at this machine: installations, host name, addresses, Mesos tarballs. Reads only; no network. */
export async function detectEnvironment(options: DetectOptions = {}): Promise<DetectedEnvironment> {
  const [jdks, scalas, sparks, mesosTarballs] = await Promise.all([
    detectJdks(options),
    detectScalas(options),
    detectSparks(options),
    findMesosTarballs(options.cwd ?? process.cwd(), options),
  ]);
  return {
    jdks,
    scalas,
    sparks,
    hostname: (options.hostname ?? osHostname)(),
    addresses: usableAddresses((options.networkInterfaces ?? osNetworkInterfaces)()),
    mesosTarballs,
  };
}

/** Non-internal IPv4 addresses, without link-local (169.254/16) ones, each once, in interface order. */
export function usableAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const addresses = Object.values(interfaces)
    .flatMap((infos) => infos ?? [])
    .filter((info) => info.family === 'IPv4' && !info.internal && !info.address.startsWith('127.') && !info.address.startsWith('169.254.'))
    .map((info) => info.address);
  return [...new Set(addresses)];
}

const TARBALL = /^mesos-(\d+\.\d+\.\d+)[^/]*\.(?:tar\.gz|tgz)$/;

/** The Mesos version a source's name says (`mesos-0.9.0-incubating.tar.gz` → `0.9.0`), if it says one. */
export function versionInSourceName(source: string): string | undefined {
  const name = source.replace(/\/+$/, '').split('/').pop() ?? '';
  return /^mesos-(\d+\.\d+\.\d+)(?!\.?\d)/.exec(name)?.[1];
}

/** `mesos-<version>*.tar.gz` files in `dir`, absolute, newest version first. */
export async function findMesosTarballs(dir: string, options: Pick<InstallationDetectOptions, 'fs'> = {}): Promise<string[]> {
  const fs = options.fs ?? nodeInstallationFs;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const found: { path: string; version: string }[] = [];
  for (const name of names) {
    const version = TARBALL.exec(name)?.[1];
    if (version === undefined) continue;
    try {
      if ((await fs.stat(join(dir, name))).isFile()) found.push({ path: join(dir, name), version });
    } catch {
      // gone meanwhile
    }
  }
  return found.sort((a, b) => compareVersions(b.version, a.version) || a.path.localeCompare(b.path)).map((t) => t.path);
}
