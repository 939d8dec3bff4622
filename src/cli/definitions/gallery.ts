/** `gallery` on the command line: name, options and help; the action is in commands/gallery.ts. */
import { Command } from "@commander-js/extra-typings";
import { folderArg, libraryAlias } from "../args.ts";

/** What `gallery` parsed from its options. */
export type GalleryOptions = ReturnType<ReturnType<typeof galleryDefinition>["opts"]>;

/** The `gallery` command without its action (main adds it). */
export function galleryDefinition() {
  return new Command("gallery")
    .description("write an offline gallery of the library (index.html), previews included")
    .option("-d, --directory <dir>", "library folder", folderArg)
    .addOption(libraryAlias())
    .option("--open", "open the gallery in the default browser (needs --allow-run)")
    .addHelpText(
      "after",
      "\nNeeds no login. Pages go to LIB/index.html and LIB/.slooh-dl/gallery/; a later run\n" +
        "renders only the previews of new or changed files.\n\nExamples:\n" +
        "  slooh-dl gallery -d ~/Pictures/Slooh --open",
    );
}
