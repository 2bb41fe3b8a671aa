// The one stylesheet: plain, dense enough for a district of schools on one screen at 1920×1080,
// readable at 1366×768; the status colours carry meaning (red silent, amber late).
export const stylesheet = `
:root {
  --ink: #1d2433; --dim: #667085; --line: #e4e7ec; --bg: #f5f6f8; --card: #fff;
  --accent: #1f5fbf; --silent: #b42318; --silent-bg: #fee4e2; --late: #a15c07; --late-bg: #fef0c7;
  --pending: #475467; --pending-bg: #eaecf0; --zero: #0e6e7a; --zero-bg: #dff4f5;
  --sent: #067647; --sent-bg: #dcfae6;
}
* { box-sizing: border-box; }
html { font-size: 15px; }
body {
  margin: 0; color: var(--ink); background: var(--bg);
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif;
  line-height: 1.5;
}
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; }
.bar {
  display: flex; align-items: center; gap: 1.5rem; padding: 0 1.5rem; height: 52px;
  background: #14305c; color: #fff; position: sticky; top: 0; z-index: 1;
}
.bar a { color: #dbe6f7; }
.bar .brand { font-weight: 700; color: #fff; white-space: nowrap; }
.bar nav { display: flex; gap: .3rem; flex: 1; }
.bar nav a { padding: .9rem .8rem; white-space: nowrap; }
.bar nav a.current { color: #fff; box-shadow: inset 0 -3px 0 #7fb0ff; font-weight: 600; }
.bar .who { display: flex; align-items: center; gap: 1rem; white-space: nowrap; font-size: .93rem; }
.bar .who form { margin: 0; }
.badge {
  display: inline-block; min-width: 1.4em; margin-left: .35em; padding: 0 .4em; border-radius: 1em;
  background: #e5484d; color: #fff; font-size: .8rem; text-align: center; font-weight: 700;
}
button.link { background: none; border: 0; color: #dbe6f7; padding: 0; font: inherit; cursor: pointer; }
main { padding: 1.2rem 1.5rem 3rem; max-width: 1880px; margin: 0 auto; }
.head { display: flex; justify-content: space-between; align-items: flex-end; gap: 1rem; flex-wrap: wrap; }
.actions { display: flex; gap: .8rem; align-items: center; flex-wrap: wrap; }
.sub { color: var(--dim); margin: .2rem 0 .8rem; }
.sub strong { color: var(--ink); }
.daynav { display: flex; gap: .7rem; align-items: center; }
.daynav form { display: flex; gap: .3rem; margin: 0; }
input, select, button, .button { font: inherit; }
input, select { padding: .35rem .5rem; border: 1px solid #cfd4dc; border-radius: 6px; background: #fff; }
button, .button {
  padding: .38rem .9rem; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent);
  color: #fff; cursor: pointer; white-space: nowrap; display: inline-block;
}
.button:hover { text-decoration: none; filter: brightness(1.08); }
button.danger { background: #fff; color: var(--silent); border-color: var(--silent); }
button.secondary { background: #fff; color: var(--accent); }
.daynav button { background: #fff; color: var(--accent); }
.tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: .8rem; margin: .8rem 0 1.2rem; }
.tile {
  display: flex; align-items: baseline; gap: .7rem; padding: .8rem 1rem; border-radius: 10px;
  background: var(--card); border: 1px solid var(--line); border-left-width: 6px;
}
.tile .n { font-size: 2.2rem; font-weight: 700; line-height: 1; font-variant-numeric: tabular-nums; }
.tile .label { font-weight: 600; }
.tile small { display: block; font-weight: 400; color: var(--dim); font-size: .85rem; }
.tile.s-silent { border-left-color: var(--silent); } .tile.s-silent .n { color: var(--silent); }
.tile.s-late { border-left-color: var(--late); } .tile.s-late .n { color: var(--late); }
.tile.s-pending { border-left-color: #98a2b3; }
.tile.s-zero { border-left-color: var(--zero); } .tile.s-sent { border-left-color: var(--sent); }
.chip { display: inline-block; padding: .05rem .55rem; border-radius: 1em; font-size: .88rem; font-weight: 600; white-space: nowrap; }
.chip.s-silent { color: var(--silent); background: var(--silent-bg); }
.chip.s-late { color: var(--late); background: var(--late-bg); }
.chip.s-pending { color: var(--pending); background: var(--pending-bg); }
.chip.s-zero { color: var(--zero); background: var(--zero-bg); }
.chip.s-sent { color: var(--sent); background: var(--sent-bg); }
table.grid { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); }
.grid th, .grid td { padding: .42rem .7rem; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
.grid thead th { background: #f0f2f5; font-size: .88rem; color: #344054; white-space: nowrap; position: sticky; top: 52px; }
.grid th.who { font-weight: 600; min-width: 12rem; width: 18%; border-right: 1px solid var(--line); }
.grid th.who small { display: block; font-weight: 400; color: var(--dim); }
.grid tbody.school { border-top: 2px solid #d0d5dd; }
.grid tbody.s-silent th.who { box-shadow: inset 5px 0 0 var(--silent); }
.grid tbody.s-late th.who { box-shadow: inset 5px 0 0 var(--late); }
.num { text-align: right !important; font-variant-numeric: tabular-nums; }
.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: .9rem; }
.wrap { word-break: break-word; max-width: 28rem; }
.dim { color: var(--dim); } .small { font-size: .85rem; }
.alarm { color: var(--silent); font-weight: 700; }
.ok { color: var(--sent); }
tr.d-refer td { background: #fff5f4; } tr.d-retest td { background: #fffaeb; }
.empty { padding: 1.4rem; background: var(--card); border: 1px dashed #cfd4dc; border-radius: 10px; color: var(--dim); }
.notice { padding: .6rem 1rem; border-radius: 8px; margin: .6rem 0; }
.notice.ok { background: var(--sent-bg); color: var(--sent); }
.notice.bad { background: var(--silent-bg); color: var(--silent); }
.notice.info { background: #eaf1fb; color: #1f4a8a; }
.pager { display: flex; gap: 1.2rem; justify-content: center; margin: 1rem; }
ul.alerts { list-style: none; padding: 0; margin: 0; display: grid; gap: .6rem; }
.alert { display: flex; justify-content: space-between; gap: 1rem; padding: .7rem 1rem; background: var(--card); border: 1px solid var(--line); border-left: 6px solid var(--late); border-radius: 8px; }
.alert.k-fever { border-left-color: var(--silent); }
.alert p { margin: .1rem 0; }
.alert .line { display: flex; gap: .8rem; align-items: center; font-weight: 600; }
.alert .later { color: var(--sent); }
.alert form.ack { display: flex; gap: .5rem; align-items: center; }
.alert form.ack input { width: 18rem; }
.alerts.done .alert { opacity: .85; display: block; }
.alert .by { color: var(--dim); }
.tabs { display: flex; gap: .3rem; margin-bottom: 1rem; border-bottom: 1px solid var(--line); }
.tabs a { padding: .5rem 1rem; }
.tabs a.current { border-bottom: 3px solid var(--accent); font-weight: 600; }
.forms { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; margin-bottom: 1.2rem; }
form.inline { display: flex; flex-wrap: wrap; gap: .8rem; align-items: flex-end; padding: 1rem; background: var(--card); border: 1px solid var(--line); border-radius: 10px; margin-bottom: 1rem; }
form.inline h2 { width: 100%; margin: 0; font-size: 1rem; }
form.inline label { display: flex; flex-direction: column; font-size: .88rem; color: #344054; gap: .2rem; }
.row-actions { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; }
.row-actions form, form.confirm { display: flex; gap: .4rem; align-items: center; margin: 0; flex-wrap: wrap; }
th form.confirm { margin-top: .4rem; font-weight: 400; }
.issued { padding: 1rem 1.2rem; background: #fffbea; border: 2px solid #f5c542; border-radius: 10px; margin-bottom: 1rem; }
.issued dl { display: grid; grid-template-columns: max-content 1fr; gap: .3rem 1rem; margin: .6rem 0; }
.issued dt { color: var(--dim); }
.issued .secret { font-size: 1.2rem; font-weight: 700; user-select: all; }
body.bare { display: grid; place-items: center; min-height: 100vh; }
.card { width: 24rem; max-width: 94vw; padding: 1.8rem; background: var(--card); border: 1px solid var(--line); border-radius: 12px; box-shadow: 0 6px 24px rgba(16,24,40,.08); }
.card .brand { color: var(--dim); margin: 0 0 .8rem; }
.card .switch { text-align: right; margin: 1rem 0 0; }
form.stack { display: grid; gap: .8rem; }
form.stack label { display: grid; gap: .2rem; }
@media (max-width: 1500px) {
  html { font-size: 14px; }
  main { padding: 1rem; }
  .grid th, .grid td { padding: .35rem .45rem; }
  .tile .n { font-size: 1.8rem; }
  .tile small { display: none; }
  .forms { grid-template-columns: 1fr; }
}
`;
