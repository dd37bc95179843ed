/** A tiny cookie-keeping HTTP client for the web routes (no browser needed for these checks). */
export class WebClient {
  cookie = "";

  constructor(private readonly base: string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.keep(
      await fetch(this.url(path), { redirect: "manual", headers: { ...this.cookies(), ...headers } }),
    );
  }

  async post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    return this.keep(
      await fetch(this.url(path), {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded", ...this.cookies(), ...headers },
        body: new URLSearchParams(form).toString(),
      }),
    );
  }

  /** Opens a sign-in link the way a browser does: the page, then its form. */
  async signIn(link: string): Promise<Response> {
    const page = await this.get(link);
    if (page.status !== 200) return page;
    const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    return this.post("/web/signin", { token });
  }

  /** The CSRF token of a page of ours. */
  async csrf(path = "/web"): Promise<string> {
    const body = await (await this.get(path)).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (!token) throw new Error("no CSRF token on the page");
    return token;
  }

  private url(path: string): string {
    return path.startsWith("http") ? path.replace(/^https?:\/\/[^/]+/, this.base) : `${this.base}${path}`;
  }

  private cookies(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private keep(response: Response): Response {
    const set = response.headers.getSetCookie();
    for (const line of set) {
      const [pair = ""] = line.split(";");
      this.cookie = /=$/.test(pair) || /Expires=Thu, 01 Jan 1970/.test(line) ? "" : pair;
    }
    return response;
  }
}
