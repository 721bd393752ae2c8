import { outOfCredits } from "@hyperposter/billing";
import { billingPath } from "@hyperposter/domain";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { en } from "../i18n/en";
import { zh } from "../i18n/zh";
import { LinkedSentence } from "./linked-sentence";

// The studio shows the server's out-of-credits sentence with the billing page as a link.
describe("out of credits in the studio", () => {
  const error = outOfCredits("acme", 6, 2);
  it.each([
    ["en", error.message, en.studio.billingLink],
    ["zh", error.messageZh!, zh.studio.billingLink],
  ])("%s: the billing path becomes a link, the rest of the sentence stays", (_, message, label) => {
    const html = renderToStaticMarkup(
      <LinkedSentence message={message} path={billingPath("acme")} label={label} />,
    );
    expect(html).toContain(
      `<a class="font-semibold underline" href="/w/acme/billing">${label}</a>`,
    );
    expect(html).not.toContain("at /w/acme/billing");
    expect(html.replace(/<[^>]+>/g, "")).toBe(message.replace("/w/acme/billing", label));
  });
});
