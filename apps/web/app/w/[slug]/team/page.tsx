import { Team } from "@/features/team/team";

export default function TeamPage() {
  return <Team />;
}
