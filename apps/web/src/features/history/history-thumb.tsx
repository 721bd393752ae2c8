/**
 * The small pictures beside a history row: the first asset's preview and the
 * product's cut-out. One component so the image source (the preview URL the
 * API picks) can change without touching the list.
 */
export function HistoryThumb({
  url,
  alt,
  kind,
}: {
  url: string;
  alt: string;
  /** An asset fills its square; a cut-out sits on a checkerboard, whole. */
  kind: "asset" | "cutout";
}) {
  return (
    // A plain <img>: signed storage URLs change every window; next/image would proxy each one.
    <img
      src={url}
      alt={alt}
      loading="lazy"
      decoding="async"
      width={64}
      height={64}
      data-testid={kind === "asset" ? "history-thumb" : "history-product"}
      className={
        kind === "asset"
          ? "size-16 shrink-0 rounded-lg border border-stone-200 bg-stone-100 object-cover"
          : "size-12 shrink-0 rounded-lg border border-stone-200 bg-[repeating-conic-gradient(#e7e5e4_0_25%,#fff_0_50%)] bg-[length:12px_12px] object-contain p-1"
      }
    />
  );
}
