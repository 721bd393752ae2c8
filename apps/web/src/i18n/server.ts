import { cookies, headers } from "next/headers";
import { cache } from "react";
import { currentUser } from "@/server/session";
import { apiDeps } from "@/server/api";
import { localeFromAcceptLanguage } from "./accept-language";
import { DICTIONARIES, LOCALE_COOKIE, toLocale, type Dictionary, type Locale } from "./dictionary";

/**
 * The UI language of a request: the choice made on this browser (cookie),
 * else the one saved on the signed-in account, else the browser's
 * `Accept-Language`, else English. Memoised per request: the layout and the
 * page both ask, and without a cookie the answer costs a session and a user lookup.
 */
export const serverLocale = cache(async (): Promise<{ locale: Locale; t: Dictionary }> => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = chosen ? toLocale(chosen) : ((await accountLocale()) ?? (await browserLocale()));
  return { locale, t: DICTIONARIES[locale] };
});

async function accountLocale(): Promise<Locale | null> {
  const user = await currentUser().catch(() => null);
  if (!user) return null;
  const row = await apiDeps().db.user.findUnique({
    where: { id: user.id },
    select: { locale: true },
  });
  return row?.locale ? toLocale(row.locale) : null;
}

async function browserLocale(): Promise<Locale> {
  return localeFromAcceptLanguage((await headers()).get("accept-language")) ?? "en";
}
