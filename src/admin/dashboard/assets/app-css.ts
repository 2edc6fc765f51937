/** The dashboard's style sheet (served as /assets/app.css). */
export const APP_CSS = `:root { font-family: system-ui, sans-serif; color: #111; background: #fafafa; }
body { margin: 0 auto; max-width: 80rem; padding: 1rem; }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; border-bottom: 1px solid #ccc; }
header h1 { font-size: 1.4rem; margin: 0.5rem 0; }
nav a { margin-right: 0.75rem; }
.logout { margin-left: auto; }
section { margin: 1.5rem 0; padding: 1rem; background: #fff; border: 1px solid #ddd; border-radius: 4px; }
h2 { font-size: 1.15rem; margin-top: 0; }
.filters { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; }
label { display: inline-flex; flex-direction: column; font-size: 0.9rem; }
input, select, button { font: inherit; padding: 0.25rem 0.4rem; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; margin-top: 0.75rem; font-size: 0.85rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; word-break: break-all; }
#feed-list { font-family: ui-monospace, monospace; font-size: 0.8rem; max-height: 16rem; overflow: auto; padding-left: 1.5rem; }
#feed-list .denied { color: #8a1c1c; }
#feed-list .alert { color: #fff; background: #8a1c1c; }
.error { color: #8a1c1c; font-weight: 600; }
.note { font-size: 0.9rem; color: #444; }
.login { max-width: 28rem; margin: 4rem auto; }
.login form { display: flex; flex-direction: column; gap: 0.5rem; }
.review { display: flex; gap: 0.3rem; align-items: end; }
.chart svg { width: 100%; height: 8rem; background: #f4f4f4; }
.bar-req { fill: #777; }
.bar-den { fill: #b00; }
.download { margin-left: 0.5rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dt { font-weight: 600; }
`;
