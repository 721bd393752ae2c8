import Link from "next/link";

export default function HomePage() {
  return (
    <main className="mx-auto max-w-2xl px-5 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-stone-500">Hyperposter</p>
      <h1 className="mt-2 text-4xl font-bold leading-tight">
        Marketing briefs in, poster-ready creatives out.
      </h1>
      <p className="mt-4 text-lg text-stone-700">
        Write a brief, pick a brand preset and formats, and get posters for social, banners and
        print — in English or Chinese.
      </p>
      <p className="mt-8">
        <Link className="font-medium underline" href="/status">
          System status
        </Link>
      </p>
    </main>
  );
}
