// The activation gallery: for every registered activation (CTDIFF_ACTIVATIONS,
// activations/registry.hpp), samples f, f' and f'' over [-8, 8] with ctdiff, writes them as gnuplot data and
// a gnuplot script, and writes the gallery page with the derivative exactly as the library derives and prints
// it (`to_latex(d(f, x))`), and the definition, conventions, parameters and derivative formulas from the
// activation's header
// (`activation_info_of<"name">`, activations/info.hpp). It also writes the
// tables the guides include: the measured accuracy table and the benchmark
// table, when those files exist.
//
// Usage: ctdiff_gallery OUT_DIR STYLE_GP ACCURACY_MD PAGES_DIR DESIGN_MD
// It also copies the Markdown pages of PAGES_DIR (docs/) and DESIGN_MD into
// OUT_DIR/pages for Doxygen, with code spans and links made safe (see below);
// a missing ACCURACY_MD, benchmarks.md or cuda.md is reported in the pages.
//
// The numeric routes are cross-checked on every sample: the symbolic d(f, x)
// against the dual pass, d<2>(f, x) against the jet pass. A disagreement
// fails the docs build.
#include <ctdiff/ctdiff.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace {

using namespace ctdiff;
constexpr auto x = var<"x">;

/// One gallery entry: the expression plotted and its data (from its header).
template <class F>
struct entry {
    F f;
    const activation_info& info;
    /// The definition as the page shows it: the header's, and for a gated
    /// activation the input it is drawn along.
    std::string definition;
};

/// The parameter `a` of the derivatives in a parameter; for a gated activation the input not drawn.
constexpr auto a = var<"a">;

constexpr int samples_per_unit = 100;  // a grid of 0.01 holds every kink of the set exactly
constexpr int half_width = 8;

double grid(int i) { return static_cast<double>(i - half_width * samples_per_unit) / samples_per_unit; }

bool close(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    return std::fabs(a - b) <= 1e-10 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t`*");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t`*");
    return std::string(s.substr(b, e - b + 1));
}

/// Joins strings by appending (GCC 12 warns falsely about chains of + on strings at -O2).
std::string concat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (const auto part : parts) out.append(part);
    return out;
}

/// The rows of a file's first Markdown table, in order (lines starting with '|').
std::vector<std::string> table_lines(const std::string& text) {
    std::vector<std::string> rows;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.front() == '|') {
            rows.push_back(line);
        } else if (!rows.empty()) {
            break;  // the first table only
        }
    }
    return rows;
}

/// The name of an activation in a table's first cell: "prelu", "`prelu(x, 0.25)`".
std::string first_cell(const std::string& row) {
    const auto end = row.find('|', 1);
    std::string cell = trim(std::string_view(row).substr(1, end == std::string::npos ? end : end - 1));
    const auto paren = cell.find('(');
    return paren == std::string::npos ? cell : cell.substr(0, paren);
}

/// One plotted curve, split where it jumps, with a dot on the sample that
/// carries the convention at each jump.
struct series {
    std::vector<double> y;
    std::vector<int> breaks;  // a jump between samples i - 1 and i
    std::vector<int> dots;    // the samples drawn as points

    template <class G>
    void finish(const G& at) {
        for (std::size_t i = 1; i < y.size(); ++i) {
            if (std::fabs(y[i] - y[i - 1]) > 0.1) {  // smooth curves move < 0.03 per step here
                breaks.push_back(static_cast<int>(i));
                const double mid = at(0.5 * (grid(static_cast<int>(i) - 1) + grid(static_cast<int>(i))));
                const bool right_side = std::fabs(mid - y[i]) < std::fabs(mid - y[i - 1]);
                dots.push_back(right_side ? static_cast<int>(i) - 1 : static_cast<int>(i));
            }
        }
    }
    bool all_zero() const {
        return std::all_of(y.begin(), y.end(), [](double v) { return v == 0.0; });
    }
};

struct writer {
    std::filesystem::path out;
    std::string accuracy;  // accuracy.md's text, empty when absent
    std::ostringstream page, summary, plots;
    std::vector<std::string> names;
    std::map<std::string, std::string> parameter_latex;  // activation -> (f(x, a), d(f, a)) as LaTeX
    int failures = 0;

    template <class F>
    void add_parameter(const F& f) {
        const std::string call = to_string(f);
        parameter_latex[call.substr(0, call.find('('))] = concat(
            {"\\f[ \\frac{\\partial}{\\partial a}\\,", to_latex(f), " = ", to_latex(d(f, a)), " \\f]\n\n"});
    }

    /// The registered activation Name, called through fn (a lambda calling ctdiff::Name).
    template <fixed_string Name, class Fn>
    void add_registered(const Fn& fn) {
        constexpr const activation_info& info = activation_info_of<Name>;
        static_assert(info.complete(), "the gallery needs the activation's data (activations/info.hpp)");
        // Drawn with its parameters at their defaults (the documented values where it has
        // none); a gated activation along the input it is nonlinear in, the other at 1.
        // With its smooth parameter (the other input) as the variable a, d(f, a) is shown.
        if constexpr (info.inputs == 2) {
            const bool along_b = info.nonlinear_input == 1;
            const std::string drawn = concat({R"(,\quad \text{drawn along } )", along_b ? "b" : "a",
                                              R"( \text{ with } )", along_b ? "a" : "b", " = 1"});
            if constexpr (info.nonlinear_input == 1) {
                add_parameter(fn(a, x));
                add(entry<decltype(fn(int_c<1>, x))>{fn(int_c<1>, x), info,
                                                     concat({info.definition, drawn})});
            } else {
                add_parameter(fn(x, a));
                add(entry<decltype(fn(x, int_c<1>))>{fn(x, int_c<1>), info,
                                                     concat({info.definition, drawn})});
            }
        } else {
            if constexpr (info.first_parameter_smooth()) add_parameter(fn(x, a));
            const auto f = typical_call<Name>(fn, x, x);
            add(entry<decltype(f)>{f, info, std::string(info.definition)});
        }
    }

    template <class F>
    void add(const entry<F>& e) {
        const auto& f = e.f;
        const auto df = d(f, x);
        const auto d2f = d<2>(f, x);
        const std::string call = to_string(f);
        const std::string name = call.substr(0, call.find('('));
        names.push_back(name);

        const int n = 2 * half_width * samples_per_unit + 1;
        series s0, s1, s2;
        for (int i = 0; i < n; ++i) {
            const double v = grid(i);
            const double y0 = f(x = v), y1 = df(x = v), y2 = d2f(x = v);
            const auto [dv, dd] = value_and_derivative(f, x = v);
            const auto jets = derivatives<2>(f, x = v);
            if (!close(y0, dv) || !close(y1, dd) || !close(y0, jets[0]) || !close(y1, jets[1]) ||
                !close(y2, jets[2])) {
                std::fprintf(stderr,
                             "gallery: %s disagrees at x = %g: f %.17g/%.17g/%.17g, f' %.17g/%.17g/%.17g, "
                             "f'' %.17g/%.17g\n",
                             name.c_str(), v, y0, dv, jets[0], y1, dd, jets[1], y2, jets[2]);
                ++failures;
            }
            s0.y.push_back(y0);
            s1.y.push_back(y1);
            s2.y.push_back(y2);
        }
        s0.finish([&](double v) { return static_cast<double>(f(x = v)); });
        s1.finish([&](double v) { return static_cast<double>(df(x = v)); });
        s2.finish([&](double v) { return static_cast<double>(d2f(x = v)); });
        const bool second = !s2.all_zero();

        write_data(name, {&s0, &s1, &s2});
        write_plot(name, call, second, {&s0, &s1, &s2});
        write_section(name, call, to_latex(f), to_latex(df), to_string(df), second ? to_latex(d2f) : "", e);
    }

    void write_data(const std::string& name, std::vector<const series*> all) {
        std::ofstream data(out / (name + ".dat"));
        data.precision(17);
        // Blocks 0-2: the curves (a blank line breaks a curve); 3-5: the dots.
        for (const series* s : all) {
            data << "# " << name << '\n';
            for (std::size_t i = 0; i < s->y.size(); ++i) {
                if (std::find(s->breaks.begin(), s->breaks.end(), static_cast<int>(i)) != s->breaks.end())
                    data << '\n';
                data << grid(static_cast<int>(i)) << ' ' << s->y[i] << '\n';
            }
            data << "\n\n";
        }
        for (const series* s : all) {
            data << "# dots\n";
            for (int i : s->dots) data << grid(i) << ' ' << s->y[static_cast<std::size_t>(i)] << '\n';
            if (s->dots.empty()) data << "NaN NaN\n";
            data << "\n\n";
        }
    }

    void write_plot(const std::string& name, const std::string& call, bool second,
                    std::vector<const series*> all) {
        static constexpr const char* colors[] = {"#1f5fa8", "#c8382c", "#2e8b3a"};
        static constexpr const char* titles[] = {"f(x)", "f'(x)", "f''(x)"};
        plots << "set output '" << name << ".svg'\n";
        plots << "set title \"" << call << "\"\n";
        plots << "plot ";
        const int curves = second ? 3 : 2;
        for (int k = 0; k < curves; ++k) {
            if (k) plots << ", \\\n     ";
            plots << "'" << name << ".dat' index " << k << " with lines lw 2" << (k == 2 ? " dt 2" : "")
                  << " lc rgb '" << colors[k] << "' title \"" << titles[k] << "\"";
        }
        for (int k = 0; k < curves; ++k) {
            if (all[static_cast<std::size_t>(k)]->dots.empty()) continue;
            plots << ", \\\n     '" << name << ".dat' index " << 3 + k << " with points pt 7 ps 0.7 lc rgb '"
                  << colors[k] << "' notitle";
        }
        plots << "\n\n";
    }

    template <class F>
    void write_section(const std::string& name, const std::string& call, const std::string& f_latex,
                       const std::string& df_latex, const std::string& df_text, const std::string& d2f_latex,
                       const entry<F>& e) {
        summary << "| [" << name << "](#gallery_" << name << ") | `" << call << "` | `" << df_text << "` | "
                << worst_ulp(name) << " |\n";
        page << "\n@section gallery_" << name << " " << name << "\n\n";
        page << "`" << call << "`, from `#include <ctdiff/activations/" << name << ".hpp>`:\n\n";
        page << "\\f[ " << f_latex << " = " << e.definition << " \\f]\n\n";
        page << "Its derivative, as `to_latex(d(f, x))` prints it (the library's own output, "
                "derived at compile time):\n\n";
        page << "\\f[ \\frac{d}{dx}\\," << f_latex << " = " << df_latex << " \\f]\n\n";
        if (!d2f_latex.empty() && d2f_latex.size() < 400) {
            page << "and `to_latex(d<2>(f, x))`:\n\n\\f[ \\frac{d^2}{dx^2}\\," << f_latex << " = "
                 << d2f_latex << " \\f]\n\n";
        } else if (!d2f_latex.empty()) {
            page << "The second derivative `d<2>(f, x)` is plotted below (its formula is long).\n\n";
        } else {
            page << "The second derivative is 0 wherever it exists (piecewise linear pieces).\n\n";
        }
        if (!e.info.derivatives.empty()) {
            page << "The derivatives it names are primitives of their own, each one rule with a stable "
                    "formula, documented in its header:\n\n";
            std::istringstream lines{std::string(e.info.derivatives)};
            for (std::string line; std::getline(lines, line);) page << "\\f[ " << line << " \\f]\n\n";
        }
        if (const auto p = parameter_latex.find(name); p != parameter_latex.end()) {
            page << "With its parameter as a variable `a`, `to_latex(d(f, a))` gives the derivative a "
                    "training loop needs for it:\n\n"
                 << p->second;
        }
        page << parameters_text(e.info);
        page << "**Conventions.** " << e.info.conventions << "\n\n";
        page << "\\image html " << name << ".svg \"" << call << " and its derivative"
             << (d2f_latex.empty() ? "" : "s") << " on [-8, 8]\"\n\n";
        page << accuracy_rows(name);
    }

    /// Its parameters, from its header: name, default, and whether it is smooth.
    static std::string parameters_text(const activation_info& info) {
        if (info.parameter_count() == 0) return {};
        std::string out = "**Parameters.** ";
        for (int k = 0; k < info.parameter_count(); ++k) {
            const activation_parameter& p = info.parameters[k];
            const std::string shown = shortest(p.value);
            out += concat({k ? "; `" : "`", p.name, "`, ",
                           p.has_default ? "default " : "no default (drawn with ", shown,
                           p.has_default ? "" : ")", ", ",
                           p.smooth ? "a number or any expression (smooth: `d(f, a)` differentiates in it)"
                                    : "a number (a branch point)"});
        }
        return out + ".\n\n";
    }

    /// The shortest of %.6g .. %.17g that reads back as the same double.
    static std::string shortest(double v) {
        char buffer[32];
        for (int digits = 6; digits <= 17; ++digits) {
            std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
            if (std::strtod(buffer, nullptr) == v) break;
        }
        return buffer;
    }

    /// The largest "max ulp" of the activation's rows for orders 0 to 2 (the
    /// design's 4-ULP target), in float and double; "-" when not measured.
    std::string worst_ulp(const std::string& name) const {
        const auto rows = table_lines(accuracy);
        double worst = -1;
        for (std::size_t i = 2; i < rows.size(); ++i) {
            if (first_cell(rows[i]) != name) continue;
            std::vector<std::string> cells;
            std::istringstream in(rows[i]);
            for (std::string cell; std::getline(in, cell, '|');) cells.push_back(trim(cell));
            // cells: "", activation, type, order, max ulp, ...
            if (cells.size() > 4 && (cells[3] == "0" || cells[3] == "1" || cells[3] == "2")) {
                worst = std::max(worst, std::strtod(cells[4].c_str(), nullptr));
            }
        }
        if (worst < 0) return "-";
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.2f", worst);
        return buffer;
    }

    std::string accuracy_rows(const std::string& name) const {
        if (accuracy.empty())
            return "**Accuracy.** Not measured in this build (see @ref accuracy_guide for how to measure "
                   "it).\n";
        const auto rows = table_lines(accuracy);
        std::string found;
        for (std::size_t i = 2; i < rows.size(); ++i) {
            if (first_cell(rows[i]) == name) found += rows[i] + '\n';
        }
        if (rows.size() < 2 || found.empty()) return "**Accuracy.** No row in the measured table yet.\n";
        return concat(
            {"**Accuracy** (measured against a high-precision reference, see @ref accuracy_guide):\n\n",
             rows[0], "\n", rows[1], "\n", found, "\n"});
    }
};

/// A Markdown page with every inline code span that holds an apostrophe or an
/// address turned into <code>: Doxygen reads `x' as a quotation, so
/// `relu'(0) = 0` would lose its code font, and it links addresses even in code.
std::string protect_code_spans(const std::string& text) {
    std::string out;
    bool fenced = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const bool line_start = i == 0 || text[i - 1] == '\n';
        if (line_start && text.compare(i, 3, "```") == 0) {  // a fence: copy its line
            fenced = !fenced;
            const std::size_t eol = std::min(text.find('\n', i), text.size() - 1);
            out += text.substr(i, eol - i + 1);
            i = eol + 1;
            continue;
        }
        if (fenced || text[i] != '`') {
            out += text[i++];
            continue;
        }
        const std::size_t end = text.find('`', i + 1);
        if (end == std::string::npos) {
            out += text.substr(i);
            break;
        }
        const std::string span = text.substr(i + 1, end - i - 1);
        if (span.find('\'') == std::string::npos && span.find("://") == std::string::npos) {
            out += text.substr(i, end - i + 1);
        } else {
            std::string code;
            for (const char c : span) {
                if (c == '<') {
                    code += "&lt;";
                } else if (c == '>') {
                    code += "&gt;";
                } else if (c == '&') {
                    code += "&amp;";
                } else {
                    code += c == '\n' ? ' ' : c;
                }
            }
            // Doxygen would make an address a link, even in code: break its pattern with an empty tag.
            for (std::size_t at = code.find("://"); at != std::string::npos; at = code.find("://", at + 16)) {
                code.insert(at + 1, "<span></span>");
            }
            out += concat({"<code>", code, "</code>"});
        }
        i = end + 1;
    }
    return out;
}

/// The label of a Markdown page in the Doxygen build: the sources carry no
/// Doxygen commands (they read on the repository page as they are), so the
/// labels the guides have always had live here; any other page gets Doxygen's
/// own, md_ and the file's name.
std::string page_label(const std::filesystem::path& page) {
    static const std::map<std::string, std::string> labels{
        {"index", "mainpage"},
        {"accuracy", "accuracy_guide"},
        {"arrays", "arrays_performance"},
        {"benchmarks", "benchmarks"},
        {"cuda", "cuda"},
        {"custom_activations", "custom_activations"},
        {"design", "design_guide"},
        {"gallery", "gallery"},
        {"getting_started", "getting_started"},
        {"gpu", "gpu"},
        {"higher_order", "higher_order"},
    };
    const auto it = labels.find(page.stem().string());
    return it == labels.end() || page.parent_path().filename() != "docs" ? "md_" + page.stem().string()
                                                                         : it->second;
}

/// Formulas as the repository page writes them ($...$, $$...$$) as Doxygen
/// reads them (\f$...\f$, \f[...\f]), outside code.
std::string doxygen_math(const std::string& line) {
    std::string out;
    bool code = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '`') code = !code;
        if (code || c != '$') {
            out += c;
            continue;
        }
        const bool display = i + 1 < line.size() && line[i + 1] == '$';
        const std::string fence = display ? "$$" : "$";
        const std::size_t end = line.find(fence, i + fence.size());
        if (end == std::string::npos) {
            out += c;
            continue;
        }
        const std::string formula = line.substr(i + fence.size(), end - i - fence.size());
        out += display ? concat({"\\f[", formula, "\\f]"}) : concat({"\\f$", formula, "\\f$"});
        i = end + fence.size() - 1;
    }
    return out;
}

/// A Markdown source as Doxygen reads it: its label on the first heading,
/// `<!-- include: X -->` as \includedoc X, formulas in Doxygen's form, and on
/// the main page the list of guides as subpages (the navigation tree).
std::string doxygen_page(const std::string& text, const std::string& label, bool main_page,
                         const std::map<std::string, std::string>& pages) {
    static const std::regex include(R"(^<!-- include: (\S+) -->$)");
    static const std::regex guide(R"(^- \[[^\]]*\]\(([^)#]*\.md)\))");
    std::string out;
    bool fenced = false, first = true;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("```", 0) == 0) fenced = !fenced;
        std::smatch m;
        if (fenced || line.rfind("```", 0) == 0) {
            out += line + '\n';
        } else if (first && line.rfind("# ", 0) == 0) {
            // Doxygen labels a page md_<name> by itself; another label is written out.
            out += label.rfind("md_", 0) == 0 ? line + '\n' : concat({line, " {#", label, "}\n"});
            first = false;
        } else if (std::regex_match(line, m, include)) {
            out += concat({"\\includedoc ", m[1].str(), "\n"});
        } else if (main_page && std::regex_search(line, m, guide) &&
                   pages.count(std::filesystem::path(m[1].str()).filename().string())) {
            out += concat({"- @subpage ", pages.at(std::filesystem::path(m[1].str()).filename().string()),
                           m.suffix().str(), "\n"});
        } else {
            out += doxygen_math(line) + '\n';
        }
    }
    return out;
}

/// The pages' links, made safe for an offline build: a link to another page
/// (`x.md`, any folder) points to that page by name; a link to a file outside
/// the pages or to another site, and a bare address, become code text (see
/// protect_code_spans), so the output refers neither to missing files nor to
/// the network.
std::string localize_links(const std::string& text, const std::map<std::string, std::string>& pages) {
    static const std::regex link(R"((!?)\[([^\]]*)\]\(([^)\s]*)\))");
    static const std::regex address(R"((^|[\s(])(https?://[^\s<>`'")\]]*[^\s<>`'")\].,;:]))");
    std::string out;
    bool fenced = false;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("```", 0) == 0) fenced = !fenced;
        if (fenced || line.rfind("    ", 0) == 0) {
            out += line + '\n';
            continue;
        }
        std::string rewritten;
        // Only the parts outside inline code: even pieces between backticks.
        std::size_t start = 0;
        for (int piece = 0; start <= line.size(); ++piece) {
            const std::size_t tick = line.find('`', start);
            const std::size_t end = tick == std::string::npos ? line.size() : tick;
            std::string part = line.substr(start, end - start);
            if (piece % 2 == 0) {
                std::string done;
                auto it = std::sregex_iterator(part.begin(), part.end(), link);
                std::size_t last = 0;
                for (; it != std::sregex_iterator(); ++it) {
                    const auto& m = *it;
                    done += part.substr(last, static_cast<std::size_t>(m.position()) - last);
                    const std::string target = m[3].str();
                    const std::string file = target.substr(0, target.find('#'));
                    const std::string name = std::filesystem::path(file).filename().string();
                    if (m[1].str().empty() && file.empty()) {
                        done += m[2].str();  // an anchor in the page itself: kept as text
                    } else if (m[1].str().empty() && pages.count(name)) {
                        done +=
                            concat({"[", m[2].str(), "](@ref ", pages.at(name), ")"});  // the page, by label
                    } else if (m[1].str().empty()) {
                        done += concat({m[2].str(), " (`", target, "`)"});
                    } else {
                        done += concat({"(figure: `", target, "`)"});
                    }
                    last = static_cast<std::size_t>(m.position() + m.length());
                }
                done += part.substr(last);
                part = std::regex_replace(done, address, "$1`$2`");
            }
            rewritten += part;
            if (tick == std::string::npos) break;
            rewritten += '`';
            start = tick + 1;
        }
        out += rewritten + '\n';
    }
    return out;
}

void write_tables(const std::filesystem::path& out, const std::string& accuracy,
                  const std::filesystem::path& benchmarks, const std::filesystem::path& cuda,
                  const std::map<std::string, std::string>& pages) {
    {
        std::ofstream t(out / "accuracy_table.md");
        const auto rows = table_lines(accuracy);
        if (rows.size() < 3) {
            t << "*The accuracy table was not measured in this build: build and run the accuracy test "
                 "first (see above), then the docs.*\n";
        } else {
            t << protect_code_spans(
                localize_links(accuracy, pages));  // all of it: the tables and their notes
        }
    }
    {
        std::ofstream t(out / "benchmark_table.md");
        // The report's table of ratios: the first table whose header speaks of a
        // ratio, else its first table; its links made safe like the pages'.
        std::vector<std::string> tables(1);
        if (std::filesystem::exists(benchmarks)) {
            std::istringstream in(read_file(benchmarks));
            for (std::string line; std::getline(in, line);) {
                if (!line.empty() && line.front() == '|') {
                    tables.back() += line + '\n';
                } else if (!tables.back().empty()) {
                    tables.emplace_back();
                }
            }
        }
        std::string table = tables.front();
        for (const auto& candidate : tables) {
            const std::string header = candidate.substr(0, candidate.find('\n'));
            if (header.find("ratio") != std::string::npos || header.find("Ratio") != std::string::npos) {
                table = candidate;
                break;
            }
        }
        table = protect_code_spans(localize_links(table, pages));
        if (table.empty()) {
            t << "*No benchmark table has been recorded in this tree yet.*\n";
        } else {
            t << table << "\nFrom [the benchmark report](@ref " << pages.at("benchmarks.md")
              << "), which says how it was measured.\n";
        }
    }
    {
        std::ofstream t(out / "cuda_link.md");
        if (std::filesystem::exists(cuda)) {
            t << "The details, the tests that check them and the device benchmark are in [the CUDA "
                 "report](@ref "
              << pages.at("cuda.md") << ").\n";
        } else {
            t << "*No CUDA report has been recorded in this tree yet.*\n";
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s OUT_DIR STYLE_GP ACCURACY_MD PAGES_DIR DESIGN_MD\n", argv[0]);
        return 2;
    }
    writer w;
    w.out = argv[1];
    const std::filesystem::path pages_in = argv[4], pages_out = w.out / "pages";
    std::filesystem::create_directories(pages_out);
    if (std::filesystem::exists(argv[3])) w.accuracy = read_file(argv[3]);

        // Every registered activation, in the registry's order.
#define GALLERY_ADD(name) w.add_registered<#name>([](const auto&... args) { return ctdiff::name(args...); });
    CTDIFF_ACTIVATIONS(GALLERY_ADD)
#undef GALLERY_ADD

    std::ofstream page(pages_out / "gallery.md");
    page << "# Activation gallery {#gallery}\n\n"
            "Every activation of ctdiff: its definition, its derivative exactly as the library derives and "
            "prints it, its conventions at kinks, a plot of the function and its derivatives on [-8, 8], "
            "and its measured accuracy.\n\n"
            "This page is generated: `docs/tools/gallery.cpp` samples each function with ctdiff on a grid "
            "of step 0.01 (which holds every kink exactly), cross-checks the symbolic derivative against "
            "the dual and jet passes at every sample, and gnuplot draws the curves. A curve breaks where "
            "the function jumps, and a dot marks the value the library returns at the jump (its convention "
            "there). The second derivative is drawn dashed where it is not identically zero.\n\n"
            "| activation | expression | derivative, as `to_string(d(f, x))` prints it | max ULP, orders 0-2 "
            "|\n"
            "|---|---|---|---|\n"
         << w.summary.str() << '\n'
         << w.page.str();

    std::ofstream plots(w.out / "plots.gp");
    plots << "load '" << argv[2] << "'\n\n" << w.plots.str();

    std::ofstream list(w.out / "activations.txt");
    for (const auto& n : w.names) list << n << '\n';

    // The Markdown pages of docs/ (the guides and the reports other parts of
    // the project write there) and DESIGN.md, as Doxygen will read them.
    std::vector<std::filesystem::path> sources{argv[5]};
    for (const auto& entry : std::filesystem::directory_iterator(pages_in)) {
        if (entry.path().extension() == ".md") sources.push_back(entry.path());
    }
    std::map<std::string, std::string> names{{"gallery.md", "gallery"}};  // page file -> Doxygen label
    for (const auto& source : sources) names[source.filename().string()] = page_label(source);
    for (const auto& source : sources) {
        if (source.filename() == "gallery.md")
            continue;  // docs/gallery.md stands in for the page written above
        const std::string page = doxygen_page(read_file(source), names.at(source.filename().string()),
                                              source.filename() == "index.md", names);
        std::ofstream(pages_out / source.filename()) << protect_code_spans(localize_links(page, names));
    }
    write_tables(w.out, w.accuracy, pages_in / "benchmarks.md", pages_in / "cuda.md", names);
    std::printf("gallery: %zu activations, %d disagreements; %zu pages\n", w.names.size(), w.failures,
                sources.size() + 1);
    return w.failures == 0 ? 0 : 1;
}
