import { Suspense } from "react";
import { BillingOverview } from "@/features/billing/billing-overview";

export default function BillingPage() {
  // The overview reads ?checkout=… (Stripe's return) with useSearchParams.
  return (
    <Suspense>
      <BillingOverview />
    </Suspense>
  );
}
