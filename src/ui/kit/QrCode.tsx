import qrcode from 'qrcode-generator';
import { createMemo } from 'solid-js';

/** A QR code drawn as one SVG path built as data (no canvas, no HTML strings), with a quiet zone. */
export function QrCode(props: { text: string; label: string; size?: number }) {
  const model = createMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(props.text, 'Byte');
    qr.make();
    const n = qr.getModuleCount();
    let d = '';
    for (let r = 0; r < n; r++)
      for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4},${r + 4}h1v1h-1z`;
    return { d, view: n + 8 };
  });
  return (
    <svg
      class="qr"
      role="img"
      aria-label={props.label}
      viewBox={`0 0 ${model().view} ${model().view}`}
      width={props.size ?? 264}
      height={props.size ?? 264}
      shape-rendering="crispEdges"
    >
      <rect width="100%" height="100%" fill="#fff" />
      <path d={model().d} fill="#000" />
    </svg>
  );
}
