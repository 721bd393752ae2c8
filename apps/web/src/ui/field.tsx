import {
  useEffect,
  useId,
  type RefObject,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";

const CONTROL =
  "mt-1 block w-full rounded-lg border bg-white px-3 py-2 text-base text-stone-900 shadow-sm focus:outline-2 focus:outline-offset-1 focus:outline-indigo-600 sm:text-sm";

interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  optional?: string;
  /** The most characters the field takes: shows a counter ("12 / 200"), red past the limit. */
  limit?: number;
}

/**
 * Server sentences start with the field's code name ("workspaceName must be…");
 * under a labelled control the label reads better ("Workspace name must be…").
 */
export function withLabel(error: string, label: ReactNode): string {
  if (typeof label !== "string") return error;
  return error.replace(/^[a-zA-Z][\w.]*(?= (must|is|can|does|should|needs) )/, label);
}

/** Label, control, hint and error wired together for screen readers. */
function Frame({
  id,
  label,
  hint,
  error,
  optional,
  limit,
  length,
  children,
}: FieldFrame & { id: string; length?: number; children: ReactNode }) {
  const over = limit !== undefined && (length ?? 0) > limit;
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2">
        <label htmlFor={id} className="block text-sm font-medium text-stone-800">
          {label}
          {optional ? <span className="ml-1 font-normal text-stone-500">({optional})</span> : null}
        </label>
        {limit !== undefined ? (
          <span
            id={`${id}-count`}
            data-testid="char-count"
            className={`text-xs tabular-nums ${over ? "font-semibold text-red-700" : "text-stone-500"}`}
          >
            {length ?? 0} / {limit}
          </span>
        ) : null}
      </div>
      {children}
      {hint && !error ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm font-medium text-red-700">
          {withLabel(error, label)}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(id: string, frame: FieldFrame) {
  const main = frame.error ? `${id}-error` : frame.hint ? `${id}-hint` : undefined;
  return (
    [main, frame.limit !== undefined ? `${id}-count` : undefined].filter(Boolean).join(" ") ||
    undefined
  );
}

/** Counted as the schemas count (zod: UTF-16 units of the trimmed text), so the counter and the limit agree. */
function lengthOf(value: unknown): number {
  return typeof value === "string" ? value.trim().length : 0;
}

/**
 * After a failed submit, bring the first field marked invalid into view and
 * give it focus, so an error below the fold (or on a phone) is never missed.
 * `trigger` changes once per failed attempt (e.g. the error object).
 */
export function useFocusFirstInvalid(form: RefObject<HTMLElement | null>, trigger: unknown) {
  useEffect(() => {
    if (!trigger || !form.current) return;
    const first = form.current.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!first) return;
    // A field inside a closed <details> (the optional copy) must be shown first.
    const details = first.closest("details");
    if (details && !details.open) details.open = true;
    first.scrollIntoView({ block: "center", behavior: "smooth" });
    first.focus({ preventScroll: true });
  }, [form, trigger]);
}

export function TextField({
  label,
  hint,
  error,
  optional,
  limit,
  className = "",
  ...props
}: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const frame = { label, hint, error, optional, limit };
  return (
    <Frame id={id} {...frame} length={lengthOf(props.value)}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, frame)}
        className={`${CONTROL} ${error ? "border-red-500" : "border-stone-300"} ${className}`}
        {...props}
      />
    </Frame>
  );
}

export function TextArea({
  label,
  hint,
  error,
  optional,
  limit,
  ...props
}: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const frame = { label, hint, error, optional, limit };
  return (
    <Frame id={id} {...frame} length={lengthOf(props.value)}>
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, frame)}
        className={`${CONTROL} ${error ? "border-red-500" : "border-stone-300"}`}
        {...props}
      />
    </Frame>
  );
}

export function SelectField({
  label,
  hint,
  error,
  optional,
  children,
  ...props
}: FieldFrame & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  const frame = { label, hint, error, optional };
  return (
    <Frame id={id} {...frame}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, frame)}
        className={`${CONTROL} ${error ? "border-red-500" : "border-stone-300"}`}
        {...props}
      >
        {children}
      </select>
    </Frame>
  );
}
