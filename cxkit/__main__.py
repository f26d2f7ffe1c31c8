from cxkit.cli import main

main()
