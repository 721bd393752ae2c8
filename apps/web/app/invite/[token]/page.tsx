import { InviteAccept } from "@/features/auth/invite-accept";
import { currentUser } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <InviteAccept token={token} signedIn={(await currentUser()) !== null} />;
}
