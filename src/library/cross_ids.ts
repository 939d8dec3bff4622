/**
 * Cross-identifications of the Messier (110) and Caldwell (109) catalogues with NGC/IC and a few
 * others: public catalogue facts, written from the standard lists (the SEDS Messier Catalog,
 * messier.seds.org, and Patrick Moore's Caldwell list as printed in Sky & Telescope, December
 * 1995). Designations are spelt as catalog.ts writes them ("NGC1976", "Caldwell92", "Sh2-155").
 *
 * Notes on the lists:
 * - M24 is the Small Sagittarius Star Cloud; NGC 6603 is a cluster inside it, not M24: no cross-id.
 * - M40 is the double star Winnecke 4 and M45 the Pleiades (Melotte 22): neither has an NGC number.
 * - M73 is an asterism that NGC 6994 also names; M76 is NGC 650 and NGC 651 (one nebula, two NGC
 *   numbers); M102 is taken as NGC 5866, SEDS's preferred reading of a disputed entry.
 * - C9 is Sh2-155 (the Cave Nebula), C41 the Hyades (Melotte 25), C99 the Coalsack (no
 *   catalogue number at all). C14, the Double Cluster, is two clusters, NGC 869 (h Persei) and
 *   NGC 884 (chi Persei): each keeps its own number, and the pair its Caldwell one.
 * - The interstellar comets keep their numbered designation over their first, provisional one.
 */

/** Messier number → other designations of the object (none for M24). */
const MESSIER = `
1 NGC1952|2 NGC7089|3 NGC5272|4 NGC6121|5 NGC5904|6 NGC6405|7 NGC6475|8 NGC6523|9 NGC6333
10 NGC6254|11 NGC6705|12 NGC6218|13 NGC6205|14 NGC6402|15 NGC7078|16 NGC6611|17 NGC6618
18 NGC6613|19 NGC6273|20 NGC6514|21 NGC6531|22 NGC6656|23 NGC6494|24|25 IC4725|26 NGC6694
27 NGC6853|28 NGC6626|29 NGC6913|30 NGC7099|31 NGC224|32 NGC221|33 NGC598|34 NGC1039
35 NGC2168|36 NGC1960|37 NGC2099|38 NGC1912|39 NGC7092|40 WNC4|41 NGC2287|42 NGC1976|43 NGC1982
44 NGC2632|45 Melotte22|46 NGC2437|47 NGC2422|48 NGC2548|49 NGC4472|50 NGC2323|51 NGC5194
52 NGC7654|53 NGC5024|54 NGC6715|55 NGC6809|56 NGC6779|57 NGC6720|58 NGC4579|59 NGC4621
60 NGC4649|61 NGC4303|62 NGC6266|63 NGC5055|64 NGC4826|65 NGC3623|66 NGC3627|67 NGC2682
68 NGC4590|69 NGC6637|70 NGC6681|71 NGC6838|72 NGC6981|73 NGC6994|74 NGC628|75 NGC6864
76 NGC650 NGC651|77 NGC1068|78 NGC2068|79 NGC1904|80 NGC6093|81 NGC3031|82 NGC3034
83 NGC5236|84 NGC4374|85 NGC4382|86 NGC4406|87 NGC4486|88 NGC4501|89 NGC4552|90 NGC4569
91 NGC4548|92 NGC6341|93 NGC2447|94 NGC4736|95 NGC3351|96 NGC3368|97 NGC3587|98 NGC4192
99 NGC4254|100 NGC4321|101 NGC5457|102 NGC5866|103 NGC581|104 NGC4594|105 NGC3379
106 NGC4258|107 NGC6171|108 NGC3556|109 NGC3992|110 NGC205`;

/** Caldwell number → other designations of the object (none for C99). */
const CALDWELL = `
1 NGC188|2 NGC40|3 NGC4236|4 NGC7023|5 IC342|6 NGC6543|7 NGC2403|8 NGC559|9 Sh2-155
10 NGC663|11 NGC7635|12 NGC6946|13 NGC457|14|15 NGC6826|16 NGC7243|17 NGC147
18 NGC185|19 IC5146|20 NGC7000|21 NGC4449|22 NGC7662|23 NGC891|24 NGC1275|25 NGC2419
26 NGC4244|27 NGC6888|28 NGC752|29 NGC5005|30 NGC7331|31 IC405|32 NGC4631|33 NGC6992
34 NGC6960|35 NGC4889|36 NGC4559|37 NGC6885|38 NGC4565|39 NGC2392|40 NGC3626|41 Melotte25
42 NGC7006|43 NGC7814|44 NGC7479|45 NGC5248|46 NGC2261|47 NGC6934|48 NGC2775|49 NGC2237
50 NGC2244|51 IC1613|52 NGC4697|53 NGC3115|54 NGC2506|55 NGC7009|56 NGC246|57 NGC6822
58 NGC2360|59 NGC3242|60 NGC4038|61 NGC4039|62 NGC247|63 NGC7293|64 NGC2362|65 NGC253
66 NGC5694|67 NGC1097|68 NGC6729|69 NGC6302|70 NGC300|71 NGC2477|72 NGC55|73 NGC1851
74 NGC3132|75 NGC6124|76 NGC6231|77 NGC5128|78 NGC6541|79 NGC3201|80 NGC5139|81 NGC6352
82 NGC6193|83 NGC4945|84 NGC5286|85 IC2391|86 NGC6397|87 NGC1261|88 NGC5823|89 NGC6087
90 NGC2867|91 NGC3532|92 NGC3372|93 NGC6752|94 NGC4755|95 NGC6025|96 NGC2516|97 NGC3766
98 NGC4609|99|100 IC2944|101 NGC6744|102 IC2602|103 NGC2070|104 NGC362|105 NGC4833
106 NGC104|107 NGC6101|108 NGC4372|109 NGC3195`;

/** Interstellar comets: 1I/ʻOumuamua, 2I/Borisov, 3I/ATLAS. */
const INTERSTELLAR = "1 A2017U1|2 C2019Q4|3 C2025N1";

/** Reads one table: `number names…` entries separated by "|" or line breaks. */
function groups(table: string, prefix: string): string[][] {
  return table.trim().split(/[|\n]/).map((entry) => {
    const [number, ...others] = entry.trim().split(" ");
    return [`${prefix}${number}`, ...others];
  });
}

/** Every object with more than one designation, as lists of its designations. */
export const CROSS_ID_GROUPS: readonly (readonly string[])[] = [
  ...groups(MESSIER, "M"),
  ...groups(CALDWELL, "Caldwell"),
  ...groups(INTERSTELLAR, "").map(([n, ...others]) => [`${n}I`, ...others]),
];
