// The alert pages, one chunk loaded when an `/organizations/{org}/alerts/…` URL is opened. The URLs are
// Sentry's: `alerts/rules/` (`?project=`), `alerts/rules/{project}/{ruleId}/` (edit),
// `alerts/rules/{project}/{ruleId}/details/`, `alerts/new/issue/?project=` and `alerts/` (what fired:
// here the delivery log).
import { Navigate, Route, Routes, useParams } from "react-router";
import { DeliveryLogPage } from "./delivery-log.js";
import { EditRulePage, NewRulePage } from "./rule-edit-page.js";
import { RuleDetailsPage } from "./rule-details-page.js";
import { RulesListPage } from "./rules-list-page.js";
import { alertPaths } from "./queries.js";
import "./alerts.css";

function ToRules() {
  return <Navigate to={alertPaths.rules(useParams().org ?? "")} replace />;
}

export function AlertsRoutes() {
  return (
    <Routes>
      <Route index element={<DeliveryLogPage />} />
      <Route path="rules/" element={<RulesListPage />} />
      <Route path="rules/:project/:ruleId/" element={<EditRulePage />} />
      <Route path="rules/:project/:ruleId/details/" element={<RuleDetailsPage />} />
      <Route path="new/issue/" element={<NewRulePage />} />
      <Route path="*" element={<ToRules />} />
    </Routes>
  );
}
