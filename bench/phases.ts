/**
 * Where the time of a routine run goes, read from slooh-dl's `--verbose` HTTP trace: each traced
 * request (`POST /api/...`) and answer (`  -> 200 ...`) is stamped with the time its stderr line
 * reached the bench, measured from the process's spawn.
 */

/** A stderr line and when it arrived (ms since spawn). */
export interface StampedLine {
  line: string;
  atMs: number;
}

/** The phases of one run, in ms. */
export interface Phases {
  /** Spawn to the first API request: runtime, modules, config, state. */
  startup: number;
  /** First API request to the first page request: the handshake and login calls. */
  login: number;
  /** Page requests to their answers. */
  pages: number;
  /** Requests for missions (`getMissionImages`, `getMissionFITS`) to their answers. */
  missions: number;
  /** The last answer to exit: planning, checks of recorded files, closing the state, exit. */
  after: number;
}

const PAGE = "/api/images/getMyPictures";
const MISSION = /\/api\/images\/getMission/;

/** Splits a run's wall time into phases; null when the trace holds no API request. */
export function phases(lines: StampedLine[], wallMs: number): Phases | null {
  const calls: { path: string; sent: number; answered: number }[] = [];
  for (const { line, atMs } of lines) {
    const sent = line.match(/^POST (\S+)/);
    if (sent) calls.push({ path: sent[1], sent: atMs, answered: NaN });
    else if (/^ {2}-> \d+/.test(line)) {
      const open = calls.find((c) => Number.isNaN(c.answered));
      if (open) open.answered = atMs;
    }
  }
  const firstPage = calls.find((c) => c.path === PAGE);
  if (!calls.length || !firstPage || calls.some((c) => Number.isNaN(c.answered))) return null;
  const spent = (f: (path: string) => boolean) =>
    calls.filter((c) => f(c.path)).reduce((s, c) => s + c.answered - c.sent, 0);
  return {
    startup: calls[0].sent,
    login: firstPage.sent - calls[0].sent,
    pages: spent((p) => p === PAGE),
    missions: spent((p) => MISSION.test(p)),
    after: wallMs - Math.max(...calls.map((c) => c.answered)),
  };
}
