// check_layering: checks the include layering of a ctdiff include tree.
//
//   check_layering <include-root> <layers-file>
//
// <include-root> is the directory that contains ctdiff/. The layers file lists
// the layers lowest first, one a line (`#` starts a comment, blank lines are
// ignored). A line is a folder under ctdiff/ ending in `/` (every header under
// it, recursively), one header path relative to ctdiff/, or `*`: every header
// directly in ctdiff/ that no other line names. The most specific line wins: a
// header's own line, then its deepest folder, then `*`. A line may end in the
// word `no-detail`: the code of the headers that fall under it may not name
// `detail` (they are written with the public toolkit, as a user's would be).
//
// Every *.hpp under <include-root>/ctdiff is read, and these are violations:
//   - upward include: a header includes a ctdiff header of a higher layer
//     (one listed after its own);
//   - not in any layer: a header that no line of the layers file covers;
//   - include cycle: a cycle among the ctdiff headers, same-layer edges included;
//   - late include: an #include after the header's code has begun (after the
//     first line that is not blank, not a comment, not a preprocessor directive);
//   - missing header: an include of a ctdiff header that does not exist;
//   - unused layer entry: a line of the layers file that no header falls under;
//   - detail name: the identifier `detail` in the code of a header under a
//     `no-detail` line (comments, string literals and directives do not count).
// Includes are read textually: one inside `#if 0` counts, one in a comment or a
// string literal does not, one that names a macro (`#include HEADER`) is skipped.
//
// Exit status: 0 when the layering holds (a summary on stdout), 1 on violations
// (one line each on stderr, `file:line: rule: details`, then a summary), 2 when
// the arguments or the layers file are unusable.
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

// ---------------------------------------------------------------- scanning --

struct Include {
    int line = 0;         // physical line of the directive's `#`
    bool angled = false;  // <...> or "..."
    std::string target;   // the header name as written
};

struct Scan {
    std::vector<Include> includes;
    int first_code_line = 0;        // 0: the file has no code
    std::vector<int> detail_lines;  // lines whose code names the identifier `detail`
};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
bool is_ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Reads a header the way the preprocessor sees its lines: comments, string and
// character literals (raw strings included) and line splices are understood,
// so that `#include` in a comment or a string is not an include, and a
// directive is a `#` that is the first token of its line.
Scan scan(const std::string& raw) {
    // Phases 1-2: drop carriage returns and splice `\`-newline, remembering
    // every character's physical line.
    std::string s;
    std::vector<int> line_of;
    s.reserve(raw.size());
    line_of.reserve(raw.size());
    int line = 1;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '\r') continue;
        if (c == '\\') {
            std::size_t j = i + 1;
            while (j < raw.size() && raw[j] == '\r') ++j;
            if (j < raw.size() && raw[j] == '\n') {
                i = j;
                ++line;
                continue;
            }
        }
        s.push_back(c);
        line_of.push_back(line);
        if (c == '\n') ++line;
    }

    const std::size_t n = s.size();
    auto at = [&](std::size_t k) { return k < n ? s[k] : '\0'; };
    // Each skip_* starts at the opening character and returns the index just past the end.
    auto skip_block_comment = [&](std::size_t k) {
        for (k += 2; k < n; ++k) {
            if (s[k] == '*' && at(k + 1) == '/') return k + 2;
        }
        return n;
    };
    auto skip_line_comment = [&](std::size_t k) {
        while (k < n && s[k] != '\n') ++k;
        return k;
    };
    // An unterminated literal ends at the end of its line (`#error don't`).
    auto skip_quoted = [&](std::size_t k) {
        const char quote = s[k];
        for (++k; k < n && s[k] != '\n'; ++k) {
            if (s[k] == '\\') {
                ++k;
            } else if (s[k] == quote) {
                return k + 1;
            }
        }
        return k;
    };
    auto skip_raw_string = [&](std::size_t k) {  // k at the `"` of R"delim(...)delim"
        const std::size_t open = s.find('(', k);
        if (open == std::string::npos) return n;
        const std::string close = ")" + s.substr(k + 1, open - k - 1) + "\"";
        const std::size_t end = s.find(close, open + 1);
        return end == std::string::npos ? n : end + close.size();
    };

    Scan out;
    bool line_start = true;  // only whitespace and comments so far on this line
    std::string token;       // the identifier or number that ends just before i
    bool in_number = false;
    std::size_t i = 0;
    while (i < n) {
        const char c = s[i];
        if (c == '\n' || is_space(c)) {
            if (c == '\n') line_start = true;
            token.clear();
            in_number = false;
            ++i;
            continue;
        }
        if (c == '/' && at(i + 1) == '/') {
            i = skip_line_comment(i);
            continue;
        }
        if (c == '/' && at(i + 1) == '*') {
            i = skip_block_comment(i);
            token.clear();
            in_number = false;
            continue;
        }
        if (c == '#' && line_start) {
            // A directive: up to the first newline outside a comment, comments
            // read as one space.
            const int directive_line = line_of[i];
            std::string text;
            ++i;
            while (i < n && s[i] != '\n') {
                if (s[i] == '/' && at(i + 1) == '/') {
                    i = skip_line_comment(i);
                } else if (s[i] == '/' && at(i + 1) == '*') {
                    i = skip_block_comment(i);
                    text.push_back(' ');
                } else if (s[i] == '"' || s[i] == '\'') {
                    const std::size_t end = skip_quoted(i);
                    text.append(s, i, end - i);
                    i = end;
                } else {
                    text.push_back(s[i++]);
                }
            }
            std::size_t k = 0;
            while (k < text.size() && is_space(text[k])) ++k;
            std::size_t name_end = k;
            while (name_end < text.size() && is_ident(text[name_end])) ++name_end;
            const std::string name = text.substr(k, name_end - k);
            if (name == "include" || name == "include_next") {
                k = name_end;
                while (k < text.size() && is_space(text[k])) ++k;
                if (k < text.size() && (text[k] == '<' || text[k] == '"')) {
                    const char close = text[k] == '<' ? '>' : '"';
                    const std::size_t end = text.find(close, k + 1);
                    if (end != std::string::npos) {
                        out.includes.push_back(
                            {directive_line, close == '>', text.substr(k + 1, end - k - 1)});
                    }
                }
            }
            continue;
        }

        // Anything else is code.
        if (out.first_code_line == 0) out.first_code_line = line_of[i];
        line_start = false;
        if (c == '"') {
            const bool raw_string =
                token == "R" || token == "LR" || token == "uR" || token == "UR" || token == "u8R";
            i = raw_string ? skip_raw_string(i) : skip_quoted(i);
            token.clear();
            in_number = false;
        } else if (c == '\'' && in_number) {  // a digit separator: 1'000
            token.push_back(c);
            ++i;
        } else if (c == '\'') {
            i = skip_quoted(i);
            token.clear();
        } else if (is_ident(c) || (c == '.' && in_number)) {
            if (token.empty() && is_digit(c)) in_number = true;
            token.push_back(c);
            ++i;
            if (token == "detail" && !is_ident(at(i))) out.detail_lines.push_back(line_of[i - 1]);
        } else {
            token.clear();
            in_number = false;
            ++i;
        }
    }
    return out;
}

// ------------------------------------------------------------------ layers --

struct Layer {
    int line = 0;            // line in the layers file
    std::string entry;       // `core/`, `config.hpp` or `*`
    bool no_detail = false;  // its headers may not name `detail`
};

enum class Kind { upward, unlayered, cycle, late, missing, unused, detail };

const char* kind_name(Kind kind) {
    switch (kind) {
        case Kind::upward:
            return "upward include";
        case Kind::unlayered:
            return "not in any layer";
        case Kind::cycle:
            return "include cycle";
        case Kind::late:
            return "late include";
        case Kind::missing:
            return "missing header";
        case Kind::unused:
            return "unused layer entry";
        case Kind::detail:
            return "detail name";
    }
    return "?";
}

struct Violation {
    std::string file;
    int line = 0;
    Kind kind = Kind::upward;
    std::string details;
};

std::string trim(const std::string& text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && (is_space(text[begin]) || text[begin] == '\r')) ++begin;
    while (end > begin && (is_space(text[end - 1]) || text[end - 1] == '\r')) --end;
    return text.substr(begin, end - begin);
}

// The layers, lowest first; an error message instead when the file is unusable.
std::optional<std::vector<Layer>> read_layers(const fs::path& path, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = "cannot read the layers file " + path.string();
        return std::nullopt;
    }
    std::vector<Layer> layers;
    std::set<std::string> seen;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        const std::size_t hash = text.find('#');
        std::string entry = trim(hash == std::string::npos ? text : text.substr(0, hash));
        if (entry.empty()) continue;
        const std::string where = path.string() + ":" + std::to_string(line) + ": ";
        bool no_detail = false;
        const std::string flag = "no-detail";
        if (entry.size() > flag.size() && entry.compare(entry.size() - flag.size(), flag.size(), flag) == 0 &&
            is_space(entry[entry.size() - flag.size() - 1])) {
            no_detail = true;
            entry = trim(entry.substr(0, entry.size() - flag.size()));
        }
        if (entry.find_first_of(" \t\\") != std::string::npos || entry.front() == '/' || entry == "/" ||
            (entry != "*" && entry.find('*') != std::string::npos)) {
            error = where + "`" + entry + "` is not a folder (`core/`), a header (`config.hpp`) or `*`";
            return std::nullopt;
        }
        for (const auto& part : fs::path(entry)) {
            if (part == "." || part == "..") {
                error = where + "`" + entry + "`: write the path relative to ctdiff/, without . or ..";
                return std::nullopt;
            }
        }
        if (!seen.insert(entry).second) {
            error = where + "`" + entry + "` is listed twice";
            return std::nullopt;
        }
        layers.push_back({line, entry, no_detail});
    }
    if (layers.empty()) {
        error = path.string() + ": lists no layer";
        return std::nullopt;
    }
    return layers;
}

// The layer of a header (path relative to ctdiff/, `/`-separated): the index of
// the most specific matching line, or -1.
int layer_of(const std::string& header, const std::vector<Layer>& layers) {
    int best = -1;
    std::size_t best_rank = 0;
    for (std::size_t index = 0; index < layers.size(); ++index) {
        const std::string& entry = layers[index].entry;
        std::size_t rank = 0;  // 0: no match
        if (entry == "*") {
            if (header.find('/') == std::string::npos) rank = 1;
        } else if (entry.back() == '/') {
            if (header.compare(0, entry.size(), entry) == 0) rank = 2 + entry.size();
        } else if (entry == header) {
            rank = std::string::npos;
        }
        if (rank > best_rank) {
            best_rank = rank;
            best = static_cast<int>(index);
        }
    }
    return best;
}

// ------------------------------------------------------------------ graphs --

using Graph = std::map<std::string, std::map<std::string, int>>;  // from -> (to -> line)

// Strongly connected components (Tarjan); component id per header.
std::map<std::string, int> components(const Graph& graph) {
    std::map<std::string, int> index, low, component;
    std::vector<std::string> stack;
    std::set<std::string> on_stack;
    int counter = 0;
    int count = 0;
    auto visit = [&](const auto& self, const std::string& v) -> void {
        index[v] = low[v] = counter++;
        stack.push_back(v);
        on_stack.insert(v);
        for (const auto& edge : graph.at(v)) {
            const std::string& w = edge.first;
            if (index.count(w) == 0) {
                self(self, w);
                low[v] = std::min(low[v], low[w]);
            } else if (on_stack.count(w) != 0) {
                low[v] = std::min(low[v], index[w]);
            }
        }
        if (low[v] == index[v]) {
            std::string w;
            do {
                w = stack.back();
                stack.pop_back();
                on_stack.erase(w);
                component[w] = count;
            } while (w != v);
            ++count;
        }
    };
    for (const auto& node : graph) {
        if (index.count(node.first) == 0) visit(visit, node.first);
    }
    return component;
}

// A shortest path from `from` to `to` inside one component, both ends included.
std::vector<std::string> shortest_path(const Graph& graph, const std::map<std::string, int>& component,
                                       const std::string& from, const std::string& to) {
    std::map<std::string, std::string> parent{{from, from}};
    std::queue<std::string> queue;
    queue.push(from);
    while (!queue.empty() && parent.count(to) == 0) {
        const std::string v = queue.front();
        queue.pop();
        for (const auto& edge : graph.at(v)) {
            const std::string& w = edge.first;
            if (component.at(w) == component.at(from) && parent.emplace(w, v).second) queue.push(w);
        }
    }
    std::vector<std::string> path{to};
    while (path.back() != from) path.push_back(parent.at(path.back()));
    std::reverse(path.begin(), path.end());
    return path;
}

// One cycle per include edge that lies on a cycle: the edge followed by a
// shortest way back, each cycle rotated to start at its least header and
// reported once.
std::set<std::vector<std::string>> cycles(const Graph& graph) {
    const auto component = components(graph);
    std::set<std::vector<std::string>> found;
    for (const auto& [from, edges] : graph) {
        for (const auto& edge : edges) {
            const std::string& to = edge.first;
            if (component.at(from) != component.at(to)) continue;
            std::vector<std::string> cycle{from};
            if (to != from) {
                const auto back = shortest_path(graph, component, to, from);
                cycle.insert(cycle.end(), back.begin(), back.end() - 1);
            }
            std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
            found.insert(cycle);
        }
    }
    return found;
}

std::string plural(std::size_t count, const std::string& noun) {
    return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

bool is_under(const fs::path& path, const fs::path& folder) {
    const fs::path relative = path.lexically_relative(folder);
    return !relative.empty() && *relative.begin() != ".." && relative != ".";
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: check_layering <include-root> <layers-file>\n"
                     "  <include-root>: the directory that contains ctdiff/\n"
                     "  <layers-file>:  the layers, lowest first, one a line\n";
        return 2;
    }
    std::error_code ec;
    const fs::path root = fs::absolute(argv[1], ec).lexically_normal();
    const fs::path ctdiff_dir = root / "ctdiff";
    const fs::path layers_path = argv[2];
    if (ec || !fs::is_directory(ctdiff_dir)) {
        std::cerr << "check_layering: " << ctdiff_dir.string() << " is not a directory\n";
        return 2;
    }
    std::string error;
    const auto layers = read_layers(layers_path, error);
    if (!layers) {
        std::cerr << "check_layering: " << error << '\n';
        return 2;
    }
    const std::string layers_name = layers_path.filename().string();

    // The headers, by path relative to ctdiff/.
    std::map<std::string, fs::path> headers;
    for (auto it = fs::recursive_directory_iterator(ctdiff_dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        if (it->is_regular_file() && it->path().extension() == ".hpp") {
            headers.emplace(it->path().lexically_relative(ctdiff_dir).generic_string(), it->path());
        }
    }
    if (ec) {
        std::cerr << "check_layering: cannot list " << ctdiff_dir.string() << ": " << ec.message() << '\n';
        return 2;
    }

    std::vector<Violation> violations;
    std::map<std::string, int> layer;  // header -> layer index, -1: none
    std::vector<std::size_t> layer_size(layers->size(), 0);
    for (const auto& [name, path] : headers) {
        layer[name] = layer_of(name, *layers);
        if (layer[name] < 0) {
            violations.push_back({path.string(), 1, Kind::unlayered, "add it to " + layers_name});
        } else {
            ++layer_size[static_cast<std::size_t>(layer[name])];
        }
    }
    for (std::size_t index = 0; index < layers->size(); ++index) {
        if (layer_size[index] == 0) {
            violations.push_back({layers_path.string(), (*layers)[index].line, Kind::unused,
                                  "`" + (*layers)[index].entry + "` matches no header"});
        }
    }
    auto describe = [&](const std::string& header) {
        const int index = layer.at(header);
        return header + " (layer " + std::to_string(index + 1) + ", `" +
               (*layers)[static_cast<std::size_t>(index)].entry + "`)";
    };

    Graph graph;
    for (const auto& [name, path] : headers) graph[name];
    std::size_t edge_count = 0;
    for (const auto& [name, path] : headers) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            std::cerr << "check_layering: cannot read " << path.string() << '\n';
            return 2;
        }
        const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        const Scan scanned = scan(text);
        if (layer[name] >= 0 && (*layers)[static_cast<std::size_t>(layer[name])].no_detail) {
            for (const int line : scanned.detail_lines) {
                violations.push_back({path.string(), line, Kind::detail,
                                      "`detail` in " + describe(name) +
                                          ", which the layers file marks no-detail: use the public names"});
            }
        }
        for (const Include& include : scanned.includes) {
            const std::string written =
                include.angled ? "<" + include.target + ">" : "\"" + include.target + "\"";
            if (scanned.first_code_line != 0 && include.line > scanned.first_code_line) {
                violations.push_back({path.string(), include.line, Kind::late,
                                      "#include " + written + " after the code that begins on line " +
                                          std::to_string(scanned.first_code_line) +
                                          "; includes go before the code"});
            }

            // Where the include leads: the ctdiff header it names, if any.
            fs::path target;
            if (include.target.compare(0, 7, "ctdiff/") == 0) {
                target = (root / include.target).lexically_normal();
            } else if (include.angled) {
                continue;  // not a ctdiff header
            } else {
                // "...": beside the including header first, then in the include root.
                const fs::path beside = (path.parent_path() / include.target).lexically_normal();
                const fs::path in_root = (root / include.target).lexically_normal();
                if (fs::is_regular_file(beside)) {
                    target = beside;
                } else if (fs::is_regular_file(in_root)) {
                    target = in_root;
                } else {
                    violations.push_back({path.string(), include.line, Kind::missing,
                                          "#include " + written + " names no file (neither " +
                                              beside.generic_string() + " nor " + in_root.generic_string() +
                                              ")"});
                    continue;
                }
            }
            if (!is_under(target, ctdiff_dir)) continue;  // not a ctdiff header
            const std::string to = target.lexically_relative(ctdiff_dir).generic_string();
            if (headers.count(to) == 0) {
                violations.push_back({path.string(), include.line, Kind::missing,
                                      "#include " + written + ": no header ctdiff/" + to +
                                          (fs::exists(target) ? " (a file, but not a *.hpp header)" : "")});
                continue;
            }
            if (graph[name].emplace(to, include.line).second) ++edge_count;
            if (layer[name] >= 0 && layer[to] > layer[name]) {
                violations.push_back({path.string(), include.line, Kind::upward,
                                      describe(name) + " includes " + describe(to) +
                                          ", a layer listed after its own in " + layers_name});
            }
        }
    }

    for (const auto& cycle : cycles(graph)) {
        std::string chain;
        for (const auto& header : cycle) chain += header + " -> ";
        chain += cycle.front();
        const std::string& next = cycle.size() > 1 ? cycle[1] : cycle[0];
        violations.push_back(
            {headers.at(cycle.front()).string(), graph.at(cycle.front()).at(next), Kind::cycle, chain});
    }

    if (violations.empty()) {
        std::cout << "check_layering: layering OK: " << plural(headers.size(), "header") << ", "
                  << plural(edge_count, "include edge") << ", " << plural(layers->size(), "layer") << '\n';
        for (std::size_t index = 0; index < layers->size(); ++index) {
            std::cout << "  layer " << index + 1 << "  " << (*layers)[index].entry << ": "
                      << plural(layer_size[index], "header") << '\n';
        }
        return 0;
    }

    std::sort(violations.begin(), violations.end(), [](const Violation& a, const Violation& b) {
        return std::tie(a.file, a.line, a.kind, a.details) < std::tie(b.file, b.line, b.kind, b.details);
    });
    std::map<Kind, std::size_t> per_kind;
    for (const Violation& v : violations) {
        std::cerr << v.file << ':' << v.line << ": " << kind_name(v.kind) << ": " << v.details << '\n';
        ++per_kind[v.kind];
    }
    std::string counts;
    for (const auto& [kind, count] : per_kind) {
        counts += (counts.empty() ? "" : ", ") + std::to_string(count) + " " + kind_name(kind);
    }
    std::cerr << "check_layering: FAILED, " << plural(violations.size(), "violation") << ": " << counts
              << " (" << plural(headers.size(), "header") << ", " << plural(edge_count, "include edge")
              << ", " << plural(layers->size(), "layer") << ")\n";
    return 1;
}
