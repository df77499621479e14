// Two-sided quantiles for the experiments' statistical bands: the normal one for a figure whose
// variance the theory gives, Student's t for one whose variance is estimated from the trials
// (with few trials the estimate is itself uncertain, and t widens the band to account for it).
// Our own code, from the textbook definitions: P(|T| > t) = I_{v/(v+t^2)}(v/2, 1/2), the
// regularized incomplete beta function, evaluated by its continued fraction, and inverted by
// bisection. These numbers only draw bands; nothing in a simulation depends on them.
#pragma once

namespace dsim::experiments {

// z with P(|Z| <= z) = confidence, for 0 < confidence < 1 (0.999 gives 3.2905).
double normal_two_sided_quantile(double confidence);

// t with P(|T| <= t) = confidence for Student's t with `degrees_of_freedom` >= 1.
double student_t_two_sided_quantile(double confidence, double degrees_of_freedom);

// The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 <= x <= 1.
double regularized_incomplete_beta(double x, double a, double b);

}  // namespace dsim::experiments
