/** A pull request review as the reviews listing gives it, oldest first. */
export interface ReviewFacts {
  login: string | null;
  type: string;
  state: string;
  commitId: string | null;
}

/** A reviewer whose standing review approves the head. */
export interface StandingApproval {
  login: string;
  type: "User" | "Bot";
}

/**
 * The reviewers who, by GitHub's rule, approve the pull request's head now. A reviewer's state is
 * their latest review that approves or requests changes; a comment review changes nothing ("without
 * explicitly approving the changes or requesting additional changes", docs.github.com/articles/
 * about-pull-request-reviews), and a dismissed review withdraws the state it set ("Dismissing a review
 * changes the status of the review to a review comment", docs.github.com/en/pull-requests/how-tos/
 * review-pull-requests/dismissing-a-pull-request-review). An approval counts only of `headSha`: a push
 * after it voided it.
 */
export function standingApprovals(reviews: readonly ReviewFacts[], headSha: string): StandingApproval[] {
  const states = new Map<string, ReviewFacts>();
  for (const review of reviews) {
    if (!review.login) continue;
    if (review.state === "APPROVED" || review.state === "CHANGES_REQUESTED") states.set(review.login, review);
    else if (review.state === "DISMISSED") states.delete(review.login);
  }
  return [...states.values()]
    .filter((r) => r.state === "APPROVED" && r.commitId === headSha)
    .map((r) => ({ login: r.login ?? "", type: r.type === "Bot" ? "Bot" : "User" }));
}
