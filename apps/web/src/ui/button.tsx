import Link from "next/link";
import type { ButtonHTMLAttributes, ReactNode } from "react";

type Variant = "primary" | "secondary" | "danger" | "ghost";

const STYLES: Record<Variant, string> = {
  primary: "bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-300",
  secondary:
    "border border-stone-300 bg-white text-stone-900 hover:bg-stone-100 disabled:text-stone-400",
  danger: "bg-red-600 text-white hover:bg-red-700 disabled:bg-red-300",
  ghost: "text-stone-700 hover:bg-stone-100 disabled:text-stone-400",
};

const BASE =
  "inline-flex min-h-10 items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed";

export function Button({
  variant = "primary",
  className = "",
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant }) {
  return <button type="button" className={`${BASE} ${STYLES[variant]} ${className}`} {...props} />;
}

export function ButtonLink({
  href,
  variant = "primary",
  className = "",
  children,
  download,
}: {
  href: string;
  variant?: Variant;
  className?: string;
  children: ReactNode;
  download?: string | boolean;
}) {
  const style = `${BASE} ${STYLES[variant]} ${className}`;
  if (download !== undefined || /^https?:/.test(href))
    return (
      <a href={href} className={style} download={download === true ? "" : download}>
        {children}
      </a>
    );
  return (
    <Link href={href} className={style}>
      {children}
    </Link>
  );
}
