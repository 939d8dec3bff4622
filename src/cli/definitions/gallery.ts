/** `gallery` on the command line: name, options and help; the action is in commands/gallery.ts. */
import { directoryOption, libraryAlias } from "../args.ts";
import { command, flag, type ValuesOf } from "../option.ts";

/** The `gallery` command (main adds its action). */
export const galleryDefinition = command({
  name: "gallery",
  description: "write an offline gallery of the library (index.html), previews included",
  options: {
    directory: directoryOption(),
    library: libraryAlias(),
    open: flag("--open", "open the gallery in the default browser (needs --allow-run)"),
  },
  after: "\nNeeds no login. Pages go to LIB/index.html and LIB/.slooh-dl/gallery/; a later run\n" +
    "renders only the previews of new or changed files.\n\nExamples:\n" +
    "  slooh-dl gallery -d ~/Pictures/Slooh --open",
});

/** What `gallery` parsed from its options. */
export type GalleryOptions = ValuesOf<typeof galleryDefinition.options>;
