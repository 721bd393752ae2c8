import { handleTrpcRequest } from "@hyperposter/api";
import { apiDeps } from "@/server/api";

export const dynamic = "force-dynamic";

const handler = (request: Request) => handleTrpcRequest(apiDeps(), request);

export { handler as GET, handler as POST };
