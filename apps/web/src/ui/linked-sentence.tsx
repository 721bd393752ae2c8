import Link from "next/link";

/**
 * A server sentence that names an app path (e.g. "…upgrade at /w/acme/billing."):
 * the path becomes a link reading `label`, the rest stays the server's words.
 */
export function LinkedSentence({
  message,
  path,
  label,
}: {
  message: string;
  path: string;
  label: string;
}) {
  const at = message.indexOf(path);
  if (at < 0)
    return (
      <>
        {message}{" "}
        <Link href={path} className="font-semibold underline">
          {label}
        </Link>
      </>
    );
  return (
    <>
      {message.slice(0, at)}
      <Link href={path} className="font-semibold underline">
        {label}
      </Link>
      {message.slice(at + path.length)}
    </>
  );
}
