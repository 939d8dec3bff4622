import assert from "node:assert/strict";
import { objectMatches, parseSelection } from "../../src/library/selection.ts";

const query = (text: string) => parseSelection({ object: text }).objects[0];

Deno.test("--object finds an object by any of its cross-identified designations", () => {
  assert.equal(objectMatches(query("ngc1976"), "Orion Nebula (M42)"), true);
  assert.equal(objectMatches(query("NGC 581"), "Messier 103"), true);
  assert.equal(objectMatches(query("m103"), "Open Cluster M103 (NGC 581)"), true);
  assert.equal(objectMatches(query("caldwell 92"), "Eta Carinae Nebula (NGC 3372)"), true);
  assert.equal(objectMatches(query("ngc3372"), "Caldwell 92"), true);
  assert.equal(objectMatches(query("m31"), "Andromeda Galaxy (NGC 224)"), true);
  assert.equal(objectMatches(query("sao248201"), "RA: 5.5 Dec: -69.1 (SAO 248201)"), true);
  assert.equal(objectMatches(query("dunlop 357"), "RA: 13.4  Dec: -47.5 (Dunlop 357)"), true);
  // Different objects stay apart.
  assert.equal(objectMatches(query("ngc1977"), "Orion Nebula (M42)"), false);
  assert.equal(objectMatches(query("m43"), "Orion Nebula (M42)"), false);
});
