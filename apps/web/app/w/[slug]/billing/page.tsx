import { BillingOverview } from "@/features/billing/billing-overview";

export default function BillingPage() {
  return <BillingOverview />;
}
