/**
 * What Wiki.js last started: the boot hook writes the extension's version and start time next to
 * the manifest, so `status` can say which version is running and whether a restart is due. One
 * file per wiki folder, so per node in a cluster; writing it never stops Wiki.js.
 */
import { hostname } from 'os';
import { WikiFolder } from './wiki-folder';

/** Relative to the wiki root, next to the manifest; the uninstaller removes it with the rest. */
export const RUNTIME_MARKER_PATH = 'server/modules/extensions/afsprakenwiki/running.json';

export interface RuntimeMarker {
  version: string;
  startedAt: string;
  pid: number;
  host: string;
}

/** Records the start; false (and nothing else) when the folder is read-only or the path leads through a link. */
export function writeRuntimeMarker(wikiRoot: string, version: string, now = new Date()): boolean {
  const marker: RuntimeMarker = { version, startedAt: now.toISOString(), pid: process.pid, host: hostname() };
  try {
    new WikiFolder(wikiRoot).write(RUNTIME_MARKER_PATH, `${JSON.stringify(marker, null, 2)}\n`);
    return true;
  } catch {
    return false;
  }
}

export function readRuntimeMarker(wikiRoot: string): RuntimeMarker | undefined {
  try {
    const content = new WikiFolder(wikiRoot).read(RUNTIME_MARKER_PATH);
    if (content === undefined) return undefined;
    const marker = JSON.parse(content.toString('utf8')) as Partial<RuntimeMarker>;
    return typeof marker.version === 'string' && typeof marker.startedAt === 'string' ? (marker as RuntimeMarker) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote the marker still runs; undefined when it ran on another machine. */
export function markerProcessAlive(marker: RuntimeMarker): boolean | undefined {
  if (marker.host !== hostname() || !Number.isInteger(marker.pid)) return undefined;
  try {
    process.kill(marker.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** -1, 0 or 1 as `a` is older, the same or newer than `b` (x.y.z; a pre-release is older than its release). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const [core, pre] = v.trim().replace(/^v/, '').split('-', 2);
    return { parts: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}
