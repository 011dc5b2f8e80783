/** GeoReport v2 answers as JSON or XML (the format is the path's extension). */
export type Format = 'json' | 'xml'

function esc(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value }

function toXml(name: string, v: Value, itemName?: string): string {
  if (v === null || v === undefined) return `<${name}/>`
  if (Array.isArray(v)) return `<${name}>${v.map((x) => toXml(itemName ?? 'item', x)).join('')}</${name}>`
  if (typeof v === 'object')
    return `<${name}>${Object.entries(v)
      .map(([k, x]) => toXml(k, x, k === 'endpoints' ? 'endpoint' : k === 'formats' ? 'format' : k === 'attributes' ? 'attribute' : k === 'values' ? 'value' : undefined))
      .join('')}</${name}>`
  return `<${name}>${esc(String(v))}</${name}>`
}

/** `root`/`item`: the XML wrapper names of the spec (services/service, service_requests/request, errors/error). */
export function render(format: Format, body: Value, root: string, item?: string): { text: string; type: string } {
  if (format === 'json') return { text: JSON.stringify(body), type: 'application/json; charset=utf-8' }
  return { text: `<?xml version="1.0" encoding="utf-8"?>${toXml(root, body, item)}`, type: 'text/xml; charset=utf-8' }
}
