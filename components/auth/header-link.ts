// The header's text links, shared by the server-rendered header and its signed-in part (a client module,
// whose exports a server component could not read as a plain string).
export const headerLink = "tap-link px-2 text-brand-700 underline-offset-2 hover:underline";
