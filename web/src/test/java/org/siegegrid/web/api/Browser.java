package org.siegegrid.web.api;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium: Debian's {@code chromium} and {@code chromium-driver}
 * (paths from {@code CHROME_BIN} / {@code CHROMEDRIVER}, else /usr/bin), the driver path set so
 * Selenium Manager downloads nothing. Closing quits the browser and its driver. Given a directory,
 * downloads land there without a prompt.
 */
final class Browser implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    static final Duration WAIT = Duration.ofSeconds(20);

    final WebDriver driver;
    final WebDriverWait wait;
    private final ChromeDriverService service;

    static String chromium() {
        return env("CHROME_BIN", "/usr/bin/chromium");
    }

    static String chromedriver() {
        return env("CHROMEDRIVER", "/usr/bin/chromedriver");
    }

    /** Why no browser can start here, or null when both binaries are present. */
    static String missing() {
        for (String p : List.of(chromium(), chromedriver())) {
            if (!new File(p).canExecute()) {
                return p + " is missing (apt-get install -y chromium chromium-driver)";
            }
        }
        return null;
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    Browser() {
        this(false);
    }

    /** @param selfSigned accept the node's self-made certificate (an HTTPS API in tests); the page still speaks TLS */
    Browser(boolean selfSigned) {
        this(selfSigned, null);
    }

    /** @param downloads where downloads land, without asking (a link with {@code download}); null = Chromium's default */
    Browser(Path downloads) {
        this(false, downloads);
    }

    private Browser(boolean selfSigned, Path downloads) {
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver()))
                .usingAnyFreePort().withTimeout(Duration.ofSeconds(30)).build();
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium());
        o.setAcceptInsecureCerts(selfSigned);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--metrics-recording-only", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);   // the DevTools network events: every request the page made
        o.setCapability("goog:loggingPrefs", logs);
        if (downloads != null) {
            o.setExperimentalOption("prefs", java.util.Map.of("download.default_directory", downloads.toAbsolutePath().toString(),
                    "download.prompt_for_download", false, "download.directory_upgrade", true, "safebrowsing.enabled", false));
        }
        WebDriver d;
        try {
            d = new ChromeDriver(service, o);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
        driver = d;
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        wait = new WebDriverWait(driver, WAIT, Duration.ofMillis(100));
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement el(String css) {
        return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement clickable(String css) {
        return wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
    }

    void type(String css, String text) {
        WebElement e = el(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Confirms the open dialog (the page's own {@code <dialog>}); returns what it said. */
    String confirm() {
        WebElement text = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-text")));
        String said = text.getText();
        clickable("#confirm-ok").click();
        return said;
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException | RuntimeException e) {
            System.out.println("screenshot " + name + ": " + e);
        }
    }

    /** The whole page, not just the window: the window made as tall as the page (at most 4,000 px) for the shot. */
    void screenshotFull(String name) {
        org.openqa.selenium.Dimension was = driver.manage().window().getSize();
        try {
            long height = (Long) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "window.scrollTo(0, 0); return document.documentElement.scrollHeight;");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(was.getWidth(), (int) Math.min(4000, height + 150)));
            screenshot(name);
        } catch (RuntimeException e) {
            System.out.println("screenshot " + name + ": " + e);
        } finally {
            driver.manage().window().setSize(was);
        }
    }

    /** The URLs of every request the browser sent since the last call (from the DevTools network events). */
    List<String> requests() {
        List<String> out = new java.util.ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            com.google.gson.JsonObject m = com.google.gson.JsonParser.parseString(e.getMessage()).getAsJsonObject()
                    .getAsJsonObject("message");
            if (m != null && "Network.requestWillBeSent".equals(m.get("method").getAsString())) {
                out.add(m.getAsJsonObject("params").getAsJsonObject("request").get("url").getAsString());
            }
        }
        return out;
    }

    List<LogEntry> console() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
