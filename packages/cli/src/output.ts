// Where the commands write. Through process.stdout and process.stderr, except in the bin, which
// writes to file descriptors 1 and 2 directly: creating those streams costs one to two milliseconds
// each, as much as a render.
import { writeSync } from 'node:fs';

let direct = false;

/** Writes stdout and stderr with write(2) from now on; for the bin only. */
export function writeToFileDescriptors(): void {
  direct = true;
}

/** Back to the streams, for code that writes through them itself: nothing may overtake its output. */
export function writeThroughStreams(): void {
  direct = false;
}

function write(fd: 1 | 2, text: string): void {
  if (!direct) {
    (fd === 1 ? process.stdout : process.stderr).write(text);
    return;
  }
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) {
      written += writeSync(fd, bytes, written);
    }
  } catch {
    // A non-blocking pipe that is full, a closed reader…: the stream handles these as it always has.
    direct = false;
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
  }
}

export function writeStdout(text: string): void {
  write(1, text);
}

export function writeStderr(text: string): void {
  write(2, text);
}
