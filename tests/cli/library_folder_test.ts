/** The library folder a command works on: here, the refusal of a drive that is not mounted. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { refuseUnmountedDrive } from "../../src/cli/library_folder.ts";
import { ExitCode, FatalError } from "../../src/errors.ts";
import { tempDir } from "../helpers.ts";

Deno.test("a download into a library whose drive is not mounted ends with exit 4 and one line", async () => {
  const dir = await tempDir();
  try {
    const fstab = join(dir, "fstab");
    await Deno.writeTextFile(fstab, `//nas/photos ${dir}/nas cifs noauto 0 0\n`);
    const mounts = join(dir, "mounts");
    await Deno.writeTextFile(mounts, "proc /proc proc rw 0 0\n");
    const library = join(dir, "nas", "Slooh");
    let caught: unknown;
    try {
      refuseUnmountedDrive(library, { fstab, mounts });
    } catch (e) {
      caught = e;
    }
    assert.ok(caught instanceof FatalError);
    assert.equal(caught.exitCode, ExitCode.aborted);
    assert.equal(
      caught.message,
      `The library ${library} belongs on ${dir}/nas, a drive that is not mounted ` +
        `(${fstab} lists it); mount it and run again. Nothing was downloaded.`,
    );
    // Mounted: nothing to say.
    await Deno.writeTextFile(mounts, `//nas/photos ${dir}/nas cifs rw 0 0\n`);
    refuseUnmountedDrive(library, { fstab, mounts });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
