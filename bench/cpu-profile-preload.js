'use strict';
/**
 * Preloaded into a process with `NODE_OPTIONS=--require …` (where `--cpu-prof` is not allowed):
 * samples its CPU from start to exit into `$AFW_CPU_PROFILE_DIR/<pid>.cpuprofile`, every 250 µs.
 * Timestamps are on the monotonic clock of `process.hrtime`, so a window can be cut out later.
 */
const { writeFileSync } = require('fs');
const path = require('path');
const { Session } = require('inspector');

const dir = process.env.AFW_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 250 });
  session.post('Profiler.start');
  // The in-process session answers synchronously, so the profile is written before exit.
  process.once('exit', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
