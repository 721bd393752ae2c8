/**
 * A file picker that looks like a secondary button: the label is the control
 * (keyboard focus shows on it), the input stays in the page for screen readers
 * and tests. The input is emptied after each pick, so the same file can be
 * chosen again after an error.
 */
export function FileButton({
  id,
  label,
  accept,
  describedBy,
  disabled = false,
  onFile,
}: {
  id: string;
  label: string;
  accept: string;
  describedBy?: string;
  disabled?: boolean;
  onFile: (file: File | undefined) => void;
}) {
  return (
    <label
      htmlFor={id}
      className="inline-flex min-h-10 cursor-pointer items-center rounded-lg border border-stone-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-stone-100 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-indigo-600"
    >
      {label}
      <input
        id={id}
        type="file"
        accept={accept}
        className="sr-only"
        aria-describedby={describedBy}
        disabled={disabled}
        onChange={(e) => {
          onFile(e.target.files?.[0]);
          e.target.value = "";
        }}
      />
    </label>
  );
}
