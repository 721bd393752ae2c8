const ORDER = ["primary", "secondary", "accent", "background", "text"] as const;

export function Swatches({
  colors,
  className = "",
}: {
  colors: Record<(typeof ORDER)[number], string>;
  className?: string;
}) {
  return (
    <div className={`flex overflow-hidden rounded-md border border-stone-200 ${className}`}>
      {ORDER.map((key) => (
        <span
          key={key}
          title={`${key} ${colors[key]}`}
          className="h-6 flex-1"
          style={{ backgroundColor: colors[key] }}
        />
      ))}
    </div>
  );
}
