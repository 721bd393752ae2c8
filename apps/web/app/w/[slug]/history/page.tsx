import { Suspense } from "react";
import { HistoryList } from "@/features/history/history-list";

export default function HistoryPage() {
  // The filters are read from the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <HistoryList />
    </Suspense>
  );
}
