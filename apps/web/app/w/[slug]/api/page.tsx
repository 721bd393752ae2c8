import { ApiSettings } from "@/features/api/api-settings";

export default function ApiPage() {
  return <ApiSettings />;
}
