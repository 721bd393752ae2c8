import type { MailMessage } from "./mailer";

/** The languages mail is written in; the UI's language when known, else English. */
export type MailLocale = "en" | "zh";

export function mailLocale(value: string | null | undefined): MailLocale {
  return value === "zh" ? "zh" : "en";
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Paragraphs, one button-like link and a closing line, in plain text and simple HTML. */
function compose(
  to: string,
  subject: string,
  parts: { greeting: string; lines: string[]; action: string; url: string; footer: string },
): MailMessage {
  const text = [
    parts.greeting,
    "",
    ...parts.lines,
    "",
    `${parts.action}: ${parts.url}`,
    "",
    parts.footer,
    "",
    "Hyperposter",
  ].join("\n");
  const p = (line: string) => `<p style="margin:0 0 16px">${escapeHtml(line)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1c1917;line-height:1.5">',
    '<div style="max-width:560px;margin:0 auto;padding:24px">',
    p(parts.greeting),
    ...parts.lines.map(p),
    `<p style="margin:24px 0"><a href="${escapeHtml(parts.url)}" style="background:#4338ca;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(parts.action)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#57534e">${escapeHtml(parts.url)}</p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#57534e">${escapeHtml(parts.footer)}</p>`,
    "<p>Hyperposter</p></div></body></html>",
  ].join("");
  return { to, subject, text, html };
}

export function verificationMail(
  locale: MailLocale,
  input: { to: string; name: string; url: string },
): MailMessage {
  if (locale === "zh")
    return compose(input.to, "请验证你的 Hyperposter 邮箱", {
      greeting: `${input.name}，你好：`,
      lines: [
        "感谢注册 Hyperposter。请点击下方链接确认这是你的邮箱地址。",
        "验证后，你的工作区会获得初始点数，即可开始生成海报。",
      ],
      action: "验证邮箱",
      url: input.url,
      footer: "链接 24 小时内有效，只能使用一次。如果不是你注册的，请忽略本邮件。",
    });
  return compose(input.to, "Verify your email for Hyperposter", {
    greeting: `Hi ${input.name},`,
    lines: [
      "Thanks for signing up to Hyperposter. Please confirm that this is your email address.",
      "Once it is verified, your workspace gets its starting credits and you can generate posters.",
    ],
    action: "Verify email address",
    url: input.url,
    footer:
      "The link works once, for 24 hours. If you did not sign up, you can ignore this message.",
  });
}

export function passwordResetMail(
  locale: MailLocale,
  input: { to: string; name: string; url: string },
): MailMessage {
  if (locale === "zh")
    return compose(input.to, "重置你的 Hyperposter 密码", {
      greeting: `${input.name}，你好：`,
      lines: [
        "我们收到了重置你 Hyperposter 密码的请求。点击下方链接设置新密码。",
        "设置新密码后，你在所有设备上的登录都会退出。",
      ],
      action: "设置新密码",
      url: input.url,
      footer: "链接 1 小时内有效，只能使用一次。如果不是你本人操作，请忽略本邮件，密码不会改变。",
    });
  return compose(input.to, "Reset your Hyperposter password", {
    greeting: `Hi ${input.name},`,
    lines: [
      "Someone asked to reset the password of your Hyperposter account. Choose a new one with the link below.",
      "Setting a new password signs you out on every device.",
    ],
    action: "Choose a new password",
    url: input.url,
    footer:
      "The link works once, for 1 hour. If you did not ask for this, ignore this message: your password stays the same.",
  });
}

const ROLE_NAMES: Record<MailLocale, Record<string, string>> = {
  en: { OWNER: "owner", ADMIN: "admin", EDITOR: "editor", VIEWER: "viewer" },
  zh: { OWNER: "所有者", ADMIN: "管理员", EDITOR: "编辑", VIEWER: "查看者" },
};

export function invitationMail(
  locale: MailLocale,
  input: { to: string; inviterName: string; workspaceName: string; role: string; url: string },
): MailMessage {
  const role = ROLE_NAMES[locale][input.role] ?? input.role.toLowerCase();
  if (locale === "zh")
    return compose(
      input.to,
      `${input.inviterName} 邀请你加入 Hyperposter 上的“${input.workspaceName}”`,
      {
        greeting: "你好：",
        lines: [
          `${input.inviterName} 邀请你以${role}身份加入 Hyperposter 工作区“${input.workspaceName}”。`,
          "打开链接，用本邮箱登录或注册后即可加入。",
        ],
        action: "接受邀请",
        url: input.url,
        footer: "链接 7 天内有效，只能使用一次。如果你不认识邀请人，请忽略本邮件。",
      },
    );
  return compose(
    input.to,
    `${input.inviterName} invited you to “${input.workspaceName}” on Hyperposter`,
    {
      greeting: "Hi,",
      lines: [
        `${input.inviterName} invited you to join the Hyperposter workspace “${input.workspaceName}” as ${role}.`,
        "Open the link and sign in or sign up with this address to join.",
      ],
      action: "Accept the invitation",
      url: input.url,
      footer:
        "The link works once, for 7 days. If you do not know who sent it, you can ignore this message.",
    },
  );
}
