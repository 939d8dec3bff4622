/** The gallery's stylesheet: plain CSS that Firefox, Safari and Chromium render alike. */
export const GALLERY_CSS =
  `:root { color-scheme: dark; --bg: #0d1117; --fg: #e6e6e6; --dim: #9aa4b2;
  --card: #161b22; --line: #30363d; --accent: #7fc8ff; }
@media (prefers-color-scheme: light) {
  :root { color-scheme: light; --bg: #ffffff; --fg: #1f2328; --dim: #57606a; --card: #f6f8fa;
    --line: #d0d7de; --accent: #0969da; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
a { color: var(--accent); }
.top { display: flex; gap: 1.5em; padding: .6em 1.2em; border-bottom: 1px solid var(--line); }
main { padding: 1em 1.2em 3em; }
h1 { margin: .2em 0; font-size: 1.6em; }
h1, h2 { overflow-wrap: anywhere; }
.wide { overflow-x: auto; max-width: 100%; }
.summary, .dates, .telescopes, .designation, figcaption { color: var(--dim); }
.controls { display: flex; flex-wrap: wrap; gap: .6em 1em; align-items: end; margin: 1em 0; }
.controls label { display: flex; flex-direction: column; font-size: .85em; color: var(--dim); }
.controls select, .controls input { font: inherit; color: var(--fg); background: var(--card);
  border: 1px solid var(--line); border-radius: 4px; padding: .25em .4em; max-width: 16em; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 1em; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px;
  padding: .6em; overflow: hidden; overflow-wrap: anywhere; }
.card[hidden] { display: none; }
.card h2 { font-size: 1.05em; margin: .4em 0 .1em; }
.card p { margin: .15em 0; font-size: .9em; }
.cover img, .frame img { display: block; width: 100%; height: auto; background: #000;
  border-radius: 3px; }
.filters { border-collapse: collapse; font-size: .85em; margin: .3em 0; }
.filters th, .filters td { padding: 0 .7em 0 0; text-align: left; }
.mission { margin: 1.5em 0; }
.mission h2 { font-size: 1.15em; border-bottom: 1px solid var(--line); }
.mission small { color: var(--dim); font-weight: normal; }
.frames { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: .8em; }
.frame { margin: 0; overflow-wrap: anywhere; }
.frame figcaption { font-size: .8em; margin-top: .3em; }
.frame .kind { color: var(--fg); font-weight: 600; }
.frame .name { display: block; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5em; }
.chart { margin: 0; max-width: 100%; overflow-x: auto; }
.chart svg { font: 12px sans-serif; }
.chart text { fill: var(--fg); }
.chart rect { fill: var(--accent); }
.runs { border-collapse: collapse; }
.runs th, .runs td { border-bottom: 1px solid var(--line); padding: .2em .8em; text-align: left; }
.viewer { position: fixed; inset: 0; background: rgba(0,0,0,.92); display: flex;
  align-items: center; justify-content: center; flex-direction: column; z-index: 10; }
.viewer[hidden] { display: none; }
.viewer img { max-width: 96vw; max-height: 88vh; object-fit: contain; }
.viewer p { color: var(--dim); margin: .5em; }
.viewer button { position: absolute; top: 50%; font-size: 2em; background: none; color: #fff;
  border: 0; cursor: pointer; padding: .5em; }
.viewer .prev { left: 0; } .viewer .next { right: 0; }
.viewer .close { top: 0; right: 0; }
`;
