import type { Platform, Pusher } from "../core/conversation.ts";
import { UserError } from "../core/errors.ts";
import type { SignInLink, SignInRequest, WebPort } from "../core/ports/web.ts";
import type { Reply } from "../core/reply.ts";
import type { HttpServer } from "../http/server.ts";
import { createWebDeps, type CoreDeps, type WebDeps } from "./model/deps.ts";
import { hashToken, newToken } from "./http/tokens.ts";
import { createWebRouter } from "./router.ts";

export const LINK_TTL_MS = 10 * 60 * 1000;
/** Links one user may ask for within LINK_TTL_MS. */
export const LINKS_PER_WINDOW = 5;
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

export interface WebService extends WebPort {
  readonly deps: WebDeps;
  /** Mounts /web on the bot's HTTP server; links work from now on. */
  mount(http: HttpServer, options?: { signInLimit?: number; signInWindowMs?: number }): void;
  /** The platforms' pushers, for links sent to a member's 1:1 chat. */
  usePushers(pushers: Partial<Record<Platform, Pusher>>): void;
}

/** The study page on the web behind the core's WebPort. */
export function createWebService(core: CoreDeps): WebService {
  const deps = createWebDeps(core);
  let baseUrl: string | undefined;
  let pushers: Partial<Record<Platform, Pusher>> = {};

  return {
    deps,
    mount(http, options = {}) {
      baseUrl = http.baseUrl;
      // Behind a TLS proxy on the same host every request comes from loopback: the sign-in limit then
      // counts the address the proxy reports (X-Forwarded-For), never one a remote client could claim.
      http.app.set("trust proxy", "loopback");
      http.app.use(
        "/web",
        createWebRouter({ deps, secureCookies: baseUrl.startsWith("https:"), ...options }),
      );
      core.logger.info({ url: `${baseUrl}/web` }, "web: study page mounted");
    },

    usePushers(given) {
      pushers = given;
    },

    signInLink(request: SignInRequest): SignInLink {
      if (!baseUrl)
        throw new UserError("web.unavailable", {
          ja: "いまはウェブのページを開けません(ボットの HTTP サーバーが動いていません)。",
          en: "The web page is not available right now (the bot's HTTP server is not running).",
        });
      const now = core.clock.now();
      deps.sessions.forgetEnded(new Date(now.getTime() - FORGET_AFTER_MS));
      if (
        deps.sessions.signInTokensSince(request.userId, new Date(now.getTime() - LINK_TTL_MS)) >=
        LINKS_PER_WINDOW
      )
        throw new UserError("web.too-many-links", {
          ja: "リンクを続けて作りすぎです。10 分ほど待つか、届いているリンクを使ってください。",
          en: "Too many links in a row. Wait about ten minutes, or use a link you already have.",
        });
      const token = newToken();
      const { from } = request;
      const chat = from.chatKind === "group" ? { platform: from.platform, chatId: from.chatId } : undefined;
      const expiresAt = deps.sessions.addSignInToken(
        hashToken(token),
        request.userId,
        chat,
        now,
        LINK_TTL_MS,
      );
      return { url: `${baseUrl}/web/signin/${token}`, expiresAt, opens: chat ? "group" : "learner" };
    },

    signOutEverywhere(userId: number): number {
      return deps.sessions.revokeAll(userId, core.clock.now());
    },

    /**
     * The member's 1:1 chat is addressed by their user id: on LINE that is the 1:1 chat's id, and Discord's
     * pusher opens the DM by user id (its fallback to a channel finds no channel of that id, so nothing is
     * ever posted where others read it).
     */
    async sendDirect(to: { platform: Platform; userId: string }, replies: Reply[]): Promise<boolean> {
      const pusher = pushers[to.platform];
      if (!pusher) return false;
      try {
        await pusher.push(
          { platform: to.platform, chatId: to.userId, userId: to.userId, chatKind: "direct" },
          replies,
        );
        return true;
      } catch (error) {
        core.logger.warn({ err: error, platform: to.platform }, "web: could not send a link to a 1:1 chat");
        return false;
      }
    },
  };
}
