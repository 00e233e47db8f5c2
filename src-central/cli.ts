import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runAdminCli } from './admin/commands';

// The admin CLI's entry: the real streams, clock and randomness (tests call runAdminCli with their own).
process.exitCode = runAdminCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  clock: () => new Date(),
  randomBytes: (size) => randomBytes(size),
  stdin: () => {
    if (process.stdin.isTTY) process.stderr.write('PIN, then Enter and Ctrl-D: ');
    return readFileSync(0, 'utf8');
  },
});
