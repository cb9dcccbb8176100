// A chart as a standalone SVG or PNG file: the chart's own SVG, with its title,
// subtitle and a legend (Recharts draws its legend in HTML) added as SVG text,
// on a white background. Names are set as text nodes, so a process or variant
// name can never become markup in the file.

import type { LineSpec } from './chart-data.ts';

const NS = 'http://www.w3.org/2000/svg';
const HEAD = 46;

function text(doc: Document, x: number, y: number, value: string, attrs: Record<string, string>): SVGTextElement {
  const t = doc.createElementNS(NS, 'text') as SVGTextElement;
  t.setAttribute('x', String(x));
  t.setAttribute('y', String(y));
  for (const [k, v] of Object.entries(attrs)) t.setAttribute(k, v);
  t.textContent = value;
  return t;
}

export function chartSvg(chart: SVGSVGElement, title: string, subtitle: string, lines: LineSpec[]): string {
  const w = Number(chart.getAttribute('width')) || chart.clientWidth;
  const h = Number(chart.getAttribute('height')) || chart.clientHeight;
  const doc = document.implementation.createDocument(NS, 'svg', null);
  const root = doc.documentElement as unknown as SVGSVGElement;
  root.setAttribute('width', String(w));
  root.setAttribute('height', String(h + HEAD));
  root.setAttribute('viewBox', `0 0 ${w} ${h + HEAD}`);
  root.setAttribute('font-family', 'DejaVu Sans, Arial, Helvetica, sans-serif');
  const bg = doc.createElementNS(NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  root.appendChild(bg);
  root.appendChild(text(doc, 8, 16, title, { 'font-size': '14', 'font-weight': '600', fill: '#1d2430' }));
  root.appendChild(text(doc, 8 + title.length * 8 + 10, 16, subtitle, { 'font-size': '11', fill: '#5b6575' }));
  let x = 12;
  for (const l of lines) {
    const line = doc.createElementNS(NS, 'line');
    line.setAttribute('x1', String(x));
    line.setAttribute('x2', String(x + 16));
    line.setAttribute('y1', '34');
    line.setAttribute('y2', '34');
    line.setAttribute('stroke', l.color);
    line.setAttribute('stroke-width', '2');
    if (l.dash) line.setAttribute('stroke-dasharray', l.dash);
    root.appendChild(line);
    root.appendChild(text(doc, x + 20, 38, l.name, { 'font-size': '11', fill: l.color }));
    x += 20 + l.name.length * 6.5 + 16;
  }
  const g = doc.createElementNS(NS, 'g');
  g.setAttribute('transform', `translate(0 ${HEAD})`);
  for (const child of [...chart.childNodes]) g.appendChild(doc.importNode(child, true));
  root.appendChild(g);
  return new XMLSerializer().serializeToString(doc);
}

export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Blob> {
  const img = new Image();
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart could not be drawn as an image'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export const EXPORT_HEAD = HEAD;
