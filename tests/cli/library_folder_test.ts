/** The library folder a command works on: here, the refusal of a drive that is not mounted. */
import assert from "node:assert/strict";
import { join } from "node:path";
import { refuseUnmountedDrive } from "../../src/cli/library_folder.ts";
import { ExitCode, FatalError } from "../../src/errors.ts";
import { tempDir } from "../helpers.ts";

function refusal(library: string, fstab: string): FatalError | null {
  try {
    refuseUnmountedDrive(library, { fstab });
    return null;
  } catch (e) {
    if (e instanceof FatalError) return e;
    throw e;
  }
}

Deno.test({
  name: "a new library on a drive that is not mounted is refused (exit 4); one with files is not",
  // The fstab rule is Linux's; macOS looks under /Volumes.
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const dir = await tempDir();
    try {
      // An unmounted drive's folder: empty, on the same device as its parent.
      const nas = join(dir, "nas");
      await Deno.mkdir(nas);
      const fstab = join(dir, "fstab");
      await Deno.writeTextFile(fstab, `//nas/photos ${nas}/ cifs noauto 0 0\n`);
      const library = join(nas, "Slooh");
      const e = refusal(library, fstab);
      assert.ok(e);
      assert.equal(e.exitCode, ExitCode.aborted);
      assert.equal(
        e.message,
        `The library ${library} belongs on ${nas}, a drive that is not mounted ` +
          `(${fstab} lists it); mount it and run again. Nothing was downloaded.`,
      );
      // Reached through a symbolic link, it is the same folder.
      const link = join(dir, "Slooh");
      await Deno.symlink(nas, link);
      assert.equal(refusal(link, fstab)?.message.includes(`belongs on ${nas},`), true);
      // A folder that holds something already is used as it is.
      await Deno.mkdir(library);
      await Deno.writeTextFile(join(library, "notes.txt"), "mine");
      assert.equal(refusal(library, fstab), null);
      // Not on any drive fstab lists.
      assert.equal(refusal(join(dir, "elsewhere"), fstab), null);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name:
    "the check sees through symbolic links: in fstab's mount point, and dangling into a gone drive",
  ignore: Deno.build.os !== "linux",
  fn: async () => {
    const dir = await tempDir();
    try {
      // fstab says /mnt/nas, and /mnt is a link to var/mnt (as on Fedora Silverblue).
      await Deno.mkdir(join(dir, "var", "mnt", "nas"), { recursive: true });
      await Deno.symlink(join(dir, "var", "mnt"), join(dir, "mnt"));
      const fstab = join(dir, "fstab");
      const gone = join(dir, "gone");
      await Deno.writeTextFile(
        fstab,
        `//nas/photos ${dir}/mnt/nas cifs noauto 0 0\n/dev/sdc1 ${gone} exfat noauto 0 0\n`,
      );
      const e = refusal(join(dir, "mnt", "nas", "Slooh"), fstab);
      assert.ok(e?.message.includes(`belongs on ${dir}/mnt/nas,`), String(e?.message));
      // A link to a folder on a drive whose mount folder went with it (as macOS removes /Volumes/X).
      const link = join(dir, "Pictures");
      await Deno.symlink(join(gone, "Slooh"), link);
      const d = refusal(link, fstab);
      assert.ok(d?.message.includes(`belongs on ${gone},`), String(d?.message));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
