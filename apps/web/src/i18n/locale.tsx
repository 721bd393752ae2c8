"use client";

import { useRouter } from "next/navigation";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { DICTIONARIES, LOCALE_COOKIE, type Dictionary, type Locale } from "./dictionary";

interface LocaleState {
  locale: Locale;
  t: Dictionary;
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleState | null>(null);

/** The UI language: a cookie so server-rendered pages match, switchable without a reload. */
export function LocaleProvider({ initial, children }: { initial: Locale; children: ReactNode }) {
  const [locale, setState] = useState<Locale>(initial);
  const router = useRouter();
  const setLocale = useCallback(
    (next: Locale) => {
      document.cookie = `${LOCALE_COOKIE}=${next}; Path=/; Max-Age=31536000; SameSite=Lax`;
      document.documentElement.lang = next === "zh" ? "zh-CN" : "en";
      // Saved on the account too when signed in (a 401 when not is fine): it follows the person.
      // keepalive: the save survives the tab being closed right after the switch.
      void fetch("/api/trpc/auth.setLocale", {
        method: "POST",
        keepalive: true,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ locale: next }),
      }).catch(() => undefined);
      setState(next);
      router.refresh();
    },
    [router],
  );
  return (
    <LocaleContext.Provider value={{ locale, t: DICTIONARIES[locale], setLocale }}>
      {children}
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleState {
  const state = useContext(LocaleContext);
  if (!state) throw new Error("useLocale outside LocaleProvider");
  return state;
}

export function LanguageSwitch({ className = "" }: { className?: string }) {
  const { locale, setLocale, t } = useLocale();
  return (
    <label className={`inline-flex items-center gap-2 text-sm ${className}`}>
      <span className="sr-only">{t.common.language}</span>
      <select
        aria-label={t.common.language}
        className="rounded-md border border-stone-300 bg-white px-2 py-1.5 text-sm"
        value={locale}
        onChange={(event) => setLocale(event.target.value === "zh" ? "zh" : "en")}
      >
        <option value="en">English</option>
        <option value="zh">简体中文</option>
      </select>
    </label>
  );
}
