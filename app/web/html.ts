/** Text made safe for HTML content and quoted attribute values: branch names and titles are anyone's. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link's href when it is an http(s) URL, else null: a `javascript:` URL from a deployment must not become a link. */
function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** `<a>` to `url` with escaped text; plain escaped text when the URL is unsafe or missing. */
export function link(text: string, url: string | null | undefined): string {
  const href = safeHref(url);
  return href === null ? escapeHtml(text) : `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
}

// Colours: text #1f2328 and links #0550ae on white are 15.8:1 and 7.2:1; every badge's text on its fill is over 7:1.
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1rem}
a{color:#0550ae}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible{outline:3px solid #0550ae;outline-offset:2px}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:baseline;justify-content:space-between}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end;margin:1rem 0}
form.filters label{display:flex;flex-direction:column;font-weight:600;font-size:.9rem}
select,button{font:inherit;padding:.35rem .5rem;border:1px solid #57606a;border-radius:6px;background:#fff;color:#1f2328}
button{background:#1f2328;color:#fff;border-color:#1f2328;cursor:pointer}
button.quiet{background:#fff;color:#1f2328;border-color:#57606a}
table{width:100%;border-collapse:collapse}
caption{text-align:left;font-weight:600;padding:.5rem 0}
th,td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #d0d7de}
th{background:#f6f8fa}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all}
.state{display:inline-block;padding:0 .5rem;border-radius:1rem;font-weight:600;white-space:nowrap}
.s-applied{background:#dafbe1;color:#116329}
.s-applying,.s-destroying{background:#ddf4ff;color:#0a3069}
.s-plan-waiting{background:#fff8c5;color:#6c3a00}
.s-failed{background:#ffebe9;color:#82071e}
.s-destroyed{background:#eaeef2;color:#24292f}
.note{color:#57606a}
.counts{white-space:nowrap}
@media (max-width:40rem){
  table,caption,thead,tbody,tr,th,td{display:block}
  thead tr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  tr{border:1px solid #d0d7de;border-radius:6px;margin-bottom:.75rem}
  td{border:0;padding:.25rem .5rem}
  td:empty{display:none}
  td::before{content:attr(data-label) ": ";font-weight:600}
}`;

/** A whole page: the viewport meta that makes it readable on a phone, the inline style, escaped title. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
