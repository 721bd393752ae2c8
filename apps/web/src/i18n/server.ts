import { cookies } from "next/headers";
import { DICTIONARIES, LOCALE_COOKIE, toLocale, type Dictionary, type Locale } from "./dictionary";

export async function serverLocale(): Promise<{ locale: Locale; t: Dictionary }> {
  const locale = toLocale((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, t: DICTIONARIES[locale] };
}
