// Parses Java source files without compiling them (no classpath needed) and reports syntax errors.
// Run as a single-file program: java scripts/java/ParseOnly.java FILE...
// Prints one line per error (file:line: message) and exits 1 if there is any; otherwise prints
// how many files and top-level types it parsed.
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

public class ParseOnly {
  public static void main(String[] args) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, null);
    List<File> sources = new ArrayList<>();
    for (String a : args) sources.add(new File(a));
    JavacTask task = (JavacTask) compiler.getTask(null, files, diagnostics, List.of("-proc:none"), null, files.getJavaFileObjectsFromFiles(sources));
    int types = 0;
    for (CompilationUnitTree unit : task.parse()) types += unit.getTypeDecls().size();
    int errors = 0;
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) continue;
      errors++;
      System.out.println((d.getSource() == null ? "?" : d.getSource().getName()) + ":" + d.getLineNumber() + ": " + d.getMessage(null));
    }
    if (errors > 0) System.exit(1);
    System.out.println("parsed " + sources.size() + " files, " + types + " top-level types");
  }
}
