import { HistoryList } from "@/features/history/history-list";

export default function HistoryPage() {
  return <HistoryList />;
}
