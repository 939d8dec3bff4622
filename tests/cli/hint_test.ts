import assert from "node:assert/strict";
import { commandHint, shellWord } from "../../src/cli/hint.ts";

Deno.test("hints repeat --config before the command and -d after it, quoted for a shell", () => {
  assert.equal(commandHint("retry", {}), "slooh-dl retry");
  assert.equal(
    commandHint("retry", { config: "/etc/s.json", directory: "/srv/Slooh" }),
    "slooh-dl --config /etc/s.json retry -d /srv/Slooh",
  );
  assert.equal(
    commandHint("verify", { directory: "My Pictures/Slooh's" }, ["--repair"]),
    `slooh-dl verify -d 'My Pictures/Slooh'\\''s' --repair`,
  );
  assert.equal(shellWord("$HOME"), "'$HOME'");
});
