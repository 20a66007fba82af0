// Moved to lib/api-client (the one JSON client); kept so existing imports still compile.
export { sendJson, type ApiResult } from "@/lib/api-client/send-json";
