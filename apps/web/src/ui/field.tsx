import {
  useId,
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
  children,
}: FieldFrame & { id: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
        {optional ? <span className="ml-1 font-normal text-stone-500">({optional})</span> : null}
      </label>
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
  return frame.error ? `${id}-error` : frame.hint ? `${id}-hint` : undefined;
}

export function TextField({
  label,
  hint,
  error,
  optional,
  className = "",
  ...props
}: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const frame = { label, hint, error, optional };
  return (
    <Frame id={id} {...frame}>
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
  ...props
}: FieldFrame & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const frame = { label, hint, error, optional };
  return (
    <Frame id={id} {...frame}>
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
